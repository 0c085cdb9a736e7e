/// The console's pages as mustache templates, compiled into `HostedTemplates.library` beside the hosted
/// UI's (names start with `admin`). Plain HTML forms and links (no scripts), landmarks and labels for
/// screen readers, and tables with header cells.
enum AdminTemplates {
    static let templates: [String: String] = [
        "adminHeader": header, "adminFooter": footer, "adminLogin": login, "adminPools": pools, "adminPool": pool,
        "adminUser": user, "adminMessage": message,
    ]

    static let header = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Cognate</title>
        <style nonce="{{nonce}}">
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; background: #f4f6f8; }
        header.top { display: flex; align-items: center; justify-content: space-between; padding: .6rem 1.5rem; background: #1f2933; color: #fff; }
        header.top a { color: #fff; font-weight: 700; text-decoration: none; }
        header.top form { margin: 0; }
        main { max-width: 64rem; margin: 1.5rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
        h1 { font-size: 1.5rem; margin: 0 0 1rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
        th { font-weight: 600; color: #52606d; } td { overflow-wrap: anywhere; }
        label { font-weight: 600; margin-right: .5rem; }
        input[type=text], input[type=password], select { padding: .45rem; font-size: 1rem; border: 1px solid #9aa5b1; border-radius: 4px; }
        input[type=text].wide { width: 28rem; max-width: 100%; }
        button, .button { padding: .45rem .9rem; font-size: .95rem; font-weight: 600; color: #fff; background: #1d4ed8; border: 0; border-radius: 4px; cursor: pointer; text-decoration: none; display: inline-block; }
        button.secondary { background: #fff; color: #1d4ed8; border: 1px solid #1d4ed8; } button.danger, .button.danger { background: #b91c1c; }
        header.top button { background: transparent; border: 1px solid #fff; }
        input:focus, button:focus, a:focus, select:focus { outline: 3px solid #2563eb; outline-offset: 1px; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; } .actions form { margin: 0; }
        .error { color: #9b1c1c; background: #fde8e8; border-radius: 4px; padding: .6rem; } .notice { color: #03543f; background: #def7ec; border-radius: 4px; padding: .6rem; }
        .muted { color: #52606d; font-size: .9rem; } .login { max-width: 26rem; } .login label { display: block; margin: .75rem 0 .25rem; } .login input { width: 100%; box-sizing: border-box; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
        </style>
        </head>
        <body>
        <a class="skip" href="#content">Skip to content</a>
        <header class="top"><a href="/admin">Cognate console</a>
        {{#operator}}<form method="post" action="/admin/logout"><input type="hidden" name="_csrf" value="{{csrf}}"><span class="muted">{{operator}}</span> <button type="submit" id="sign-out">Sign out</button></form>{{/operator}}
        </header>
        <main id="content">
        <h1>{{title}}</h1>
        {{#error}}<p id="error" role="alert" class="error">{{error}}</p>{{/error}}
        {{#notice}}<p id="notice" role="status" class="notice">{{notice}}</p>{{/notice}}
        """

    static let footer = """
        </main>
        </body>
        </html>
        """

    static let login = """
        {{> adminHeader}}
        <form id="login" class="login" method="post" action="/admin/login">
        <input type="hidden" name="_csrf" value="{{loginCSRF}}">
        <p class="muted">Sign in with an access key of Cognate's signed API (the keys in cognate-credentials).</p>
        <label for="accessKeyId">Access key id</label>
        <input type="text" id="accessKeyId" name="accessKeyId" autocomplete="username" required{{#error}} aria-describedby="error"{{/error}} autofocus>
        <label for="secretAccessKey">Secret access key</label>
        <input type="password" id="secretAccessKey" name="secretAccessKey" autocomplete="current-password" required>
        <p><button type="submit" id="sign-in">Sign in</button></p>
        </form>
        {{> adminFooter}}
        """

    static let pools = """
        {{> adminHeader}}
        {{#empty}}<p>No user pools yet. Create one with the API, Terraform or <code>aws cognito-idp create-user-pool</code>.</p>{{/empty}}
        {{^empty}}
        <table id="pools"><caption class="muted">User pools</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Id</th><th scope="col">Created</th></tr></thead>
        <tbody>{{#pools}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{id}}</td><td>{{created}}</td></tr>{{/pools}}</tbody>
        </table>
        {{/empty}}
        {{#next}}<p><a id="next-page" href="{{next}}">Next page</a></p>{{/next}}
        {{> adminFooter}}
        """

    static let pool = """
        {{> adminHeader}}
        {{#deleted}}<p id="notice" role="status" class="notice">The user is deleted.</p>{{/deleted}}
        <p class="muted">{{poolId}} · created {{created}} · about {{estimatedUsers}} users</p>
        <h2 id="users-heading">Users</h2>
        <form id="search" method="get" action="/admin/pools/{{poolId}}" role="search">
        <label for="filter">Filter</label>
        <input type="text" class="wide" id="filter" name="filter" value="{{filter}}" placeholder='email ^= "ann"' aria-describedby="filter-help{{#filterError}} filter-error{{/filterError}}">
        <button type="submit" id="search-button">Search</button>
        <p id="filter-help" class="muted">ListUsers syntax: <code>attribute = "value"</code> or <code>attribute ^= "prefix"</code> on username, email, phone_number, name, given_name, family_name, preferred_username, sub, cognito:user_status or status.</p>
        </form>
        {{#filterError}}<p id="filter-error" role="alert" class="error">{{filterError}}</p>{{/filterError}}
        {{^filterError}}
        {{#noUsers}}<p id="no-users">No users match.</p>{{/noUsers}}
        {{^noUsers}}
        <table id="users" aria-labelledby="users-heading">
        <thead><tr><th scope="col">Username</th><th scope="col">Email</th><th scope="col">Status</th><th scope="col">Enabled</th></tr></thead>
        <tbody>{{#users}}<tr><td class="username"><a href="{{href}}">{{username}}</a></td><td class="email">{{email}}</td><td class="status">{{status}}</td><td class="enabled">{{enabled}}</td></tr>{{/users}}</tbody>
        </table>
        {{/noUsers}}
        {{#next}}<p><a id="next-page" href="{{next}}">Next page</a></p>{{/next}}
        {{/filterError}}
        <p><a id="download-csv" class="button" href="{{csv}}">Download users (CSV)</a></p>
        <h2 id="clients-heading">App clients</h2>
        <table id="clients" aria-labelledby="clients-heading"><thead><tr><th scope="col">Name</th><th scope="col">Client id</th></tr></thead>
        <tbody>{{#clients}}<tr><td>{{name}}</td><td>{{id}}</td></tr>{{/clients}}</tbody></table>
        <h2 id="groups-heading">Groups</h2>
        <table id="pool-groups" aria-labelledby="groups-heading"><thead><tr><th scope="col">Name</th><th scope="col">Description</th></tr></thead>
        <tbody>{{#groups}}<tr><td>{{name}}</td><td>{{description}}</td></tr>{{/groups}}</tbody></table>
        {{> adminFooter}}
        """

    static let user = """
        {{> adminHeader}}
        <p><a href="{{poolHref}}">Back to the pool</a></p>
        <p id="status">Status: <strong>{{status}}</strong></p>
        <p id="enabled">{{#enabled}}Enabled{{/enabled}}{{^enabled}}Disabled{{/enabled}}</p>
        <p class="muted">Created {{created}} · last modified {{modified}}</p>
        {{#confirmDelete}}
        <form id="confirm-delete" method="post" action="{{actionBase}}/delete" class="error">
        <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="username" value="{{username}}"><input type="hidden" name="confirm" value="yes">
        <p>Delete {{username}} for good? Their tokens stop working and this cannot be undone.</p>
        <button type="submit" id="confirm-delete-button" class="danger">Delete {{username}}</button> <a href="{{poolHref}}">Cancel</a>
        </form>
        {{/confirmDelete}}
        <div class="actions">
        {{#enabled}}<form method="post" action="{{actionBase}}/disable"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="username" value="{{username}}"><button type="submit" id="disable" class="secondary">Disable</button></form>{{/enabled}}
        {{^enabled}}<form method="post" action="{{actionBase}}/enable"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="username" value="{{username}}"><button type="submit" id="enable" class="secondary">Enable</button></form>{{/enabled}}
        <form method="post" action="{{actionBase}}/reset-password"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="username" value="{{username}}"><button type="submit" id="reset-password" class="secondary">Reset password</button></form>
        <form method="post" action="{{actionBase}}/delete"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="username" value="{{username}}"><button type="submit" id="delete" class="danger">Delete…</button></form>
        </div>
        <h2 id="attributes-heading">Attributes</h2>
        <table id="attributes" aria-labelledby="attributes-heading"><thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
        <tbody>{{#attributes}}<tr><th scope="row">{{name}}</th><td>{{value}}</td></tr>{{/attributes}}</tbody></table>
        <h2 id="groups-heading">Groups</h2>
        <ul id="groups">{{#groups}}<li>{{name}} <form method="post" action="{{actionBase}}/remove-group" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="username" value="{{username}}"><input type="hidden" name="group" value="{{name}}"><button type="submit" class="secondary" aria-label="Remove from {{name}}">Remove</button></form></li>{{/groups}}</ul>
        {{#hasOtherGroups}}
        <form id="add-group" method="post" action="{{actionBase}}/add-group">
        <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="username" value="{{username}}">
        <label for="group">Add to group</label>
        <select id="group" name="group">{{#otherGroups}}<option>{{name}}</option>{{/otherGroups}}</select>
        <button type="submit" id="add-group-button">Add</button>
        </form>
        {{/hasOtherGroups}}
        <h2 id="events-heading">Recent sign-ins</h2>
        <table id="events" aria-labelledby="events-heading"><thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Result</th></tr></thead>
        <tbody>{{#events}}<tr><td>{{time}}</td><td>{{type}}</td><td class="result">{{#failed}}<strong>{{result}}</strong>{{/failed}}{{^failed}}{{result}}{{/failed}}</td></tr>{{/events}}</tbody></table>
        {{#noEvents}}<p id="no-events" class="muted">No sign-ins in the last 90 days.</p>{{/noEvents}}
        {{> adminFooter}}
        """

    static let message = """
        {{> adminHeader}}
        {{#back}}<p><a href="{{back}}">Back</a></p>{{/back}}
        {{> adminFooter}}
        """
}
