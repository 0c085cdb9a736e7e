#!/usr/bin/env python3
"""Generates Sources/CognitoModel/Generated/ from botocore's model of cognito-idp.

The model is the source of truth for request/response shapes, constraints, error
names and which operations are signed. The output is committed; `--check`
regenerates into memory and fails if the committed files differ, so CI notices a
hand edit or a model bump that nobody regenerated.
"""
import argparse
import gzip
import json
import os
import re
import sys

PINNED_BOTOCORE = "1.43.11"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Sources", "CognitoModel", "Generated")

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
    "inout", "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows",
    "static", "struct", "subscript", "typealias", "var", "break", "case", "continue", "default",
    "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch",
    "where", "while", "as", "catch", "false", "is", "nil", "super", "self", "Self", "throw", "throws",
    "true", "try", "Type", "Protocol", "any", "some",
}
# Names that compile but collide with Optional's or Equatable's members when used as `.name`.
AWKWARD = {"none", "some", "type", "protocol", "self"}


def load_model():
    import botocore
    if botocore.__version__ != PINNED_BOTOCORE:
        sys.exit(f"generate_model.py reads botocore {PINNED_BOTOCORE}; found {botocore.__version__}. "
                 f"Install it (pip install botocore=={PINNED_BOTOCORE}) or bump PINNED_BOTOCORE and regenerate.")
    path = os.path.join(os.path.dirname(botocore.__file__), "data", "cognito-idp", "2016-04-18", "service-2.json.gz")
    with gzip.open(path) as f:
        return json.load(f)


def lower_camel(name):
    m = re.match(r"^([A-Z]+)(?=[A-Z][a-z]|$|[0-9])", name)
    if m and len(m.group(1)) > 1:
        head = m.group(1)
        return head.lower() + name[len(head):]
    return name[0].lower() + name[1:]


def swift_ident(name):
    if name in AWKWARD:
        return name + "Value"
    if name in SWIFT_KEYWORDS:
        return f"`{name}`"
    return name


def enum_case_name(value):
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", value) if p]
    if not parts:
        return "empty"
    words = []
    for p in parts:
        # Split camel humps inside a part so "aws.cognito.signin.user.admin" and "SMS_MFA" both read well.
        words.extend(re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+", p))
    name = words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])
    if name[0].isdigit():
        name = "v" + name
    return name


def first_sentence(doc):
    text = re.sub(r"<[^>]+>", " ", doc or "")
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return ""
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = m.group(1) if m else text
    if len(sentence) > 200:
        sentence = sentence[:197].rsplit(" ", 1)[0] + "..."
    return sentence


class Generator:
    def __init__(self, model):
        self.model = model
        self.shapes = model["shapes"]

    def swift_type(self, shape_name):
        s = self.shapes[shape_name]
        t = s["type"]
        if t == "string":
            return shape_name if "enum" in s else "String"
        if t == "integer":
            return "Int"
        if t == "long":
            return "Int64"
        if t == "boolean":
            return "Bool"
        if t == "timestamp":
            return "Date"
        if t == "blob":
            return "Data"
        if t == "list":
            return f"[{self.swift_type(s['member']['shape'])}]"
        if t == "map":
            return f"[{self.swift_type(s['key']['shape'])}: {self.swift_type(s['value']['shape'])}]"
        if t == "structure":
            if s.get("document"):
                return "JSONValue"
            return shape_name
        raise ValueError(f"unhandled type {t} for {shape_name}")

    def structures(self):
        return sorted(n for n, s in self.shapes.items()
                      if s["type"] == "structure" and not s.get("document") and not s.get("exception"))

    def enums(self):
        return sorted(n for n, s in self.shapes.items() if s["type"] == "string" and "enum" in s)

    def render_enums(self):
        out = [HEADER, "import Foundation", ""]
        for name in self.enums():
            s = self.shapes[name]
            doc = first_sentence(s.get("documentation"))
            if doc:
                out.append(f"/// {doc}")
            out.append(f"public struct {name}: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, JSONWireCodable {{")
            out.append("    public let rawValue: String")
            out.append("    public init(rawValue: String) { self.rawValue = rawValue }")
            out.append("    public var description: String { rawValue }")
            out.append("    public init(wire: JSONValue) throws { self.init(rawValue: try String(wire: wire)) }")
            out.append("    public var wire: JSONValue { .string(rawValue) }")
            used = set()
            cases = []
            for value in s["enum"]:
                case = enum_case_name(value)
                base, i = case, 2
                while case in used:
                    case = f"{base}{i}"
                    i += 1
                used.add(case)
                cases.append(case)
                out.append(f"    public static let {swift_ident(case)} = {name}(rawValue: {json.dumps(value)})")
            out.append(f"    /// Every value the model allows, in the model's order.")
            out.append(f"    public static let allValues: [{name}] = [{', '.join(swift_ident(c) if not swift_ident(c).startswith('`') else swift_ident(c) for c in cases)}]")
            out.append("}")
            out.append("")
        return "\n".join(out)

    def render_structures(self, names):
        out = [HEADER, "import Foundation", ""]
        for name in names:
            s = self.shapes[name]
            required = set(s.get("required", []))
            doc = first_sentence(s.get("documentation"))
            if doc:
                out.append(f"/// {doc}")
            out.append(f"public struct {name}: Codable, Equatable, Sendable, JSONWireCodable {{")
            members = list(s["members"].items())
            props = []
            for wire, ref in members:
                prop = swift_ident(lower_camel(wire))
                typ = self.swift_type(ref["shape"])
                opt = "" if wire in required else "?"
                props.append((wire, prop, typ, opt))
                out.append(f"    public var {prop}: {typ}{opt}")
            if props:
                params = ", ".join(f"{p}: {t}{o}{' = nil' if o else ''}" for _, p, t, o in props)
                out.append("")
                out.append(f"    public init({params}) {{")
                for _, p, _, _ in props:
                    bare = p.strip("`")
                    out.append(f"        self.{bare} = {p}")
                out.append("    }")
                out.append("")
                out.append("    enum CodingKeys: String, CodingKey {")
                for wire, p, _, _ in props:
                    out.append(f"        case {p} = {json.dumps(wire)}")
                out.append("    }")
                out.append("")
                out.append("    public init(wire: JSONValue) throws {")
                out.append("        let members = try WireMembers(wire)")
                out.append("        self.init(")
                for i, (wire, p, _, o) in enumerate(props):
                    call = "optional" if o else "required"
                    comma = "," if i < len(props) - 1 else ""
                    out.append(f"            {p.strip('`')}: try members.{call}({json.dumps(wire)}){comma}")
                out.append("        )")
                out.append("    }")
                out.append("")
                out.append("    public var wire: JSONValue {")
                out.append("        var members: [String: JSONValue] = [:]")
                for wire, p, _, o in props:
                    if o:
                        out.append(f"        if let value = self.{p.strip('`')} {{ members[{json.dumps(wire)}] = value.wire }}")
                    else:
                        out.append(f"        members[{json.dumps(wire)}] = self.{p.strip('`')}.wire")
                out.append("        return .object(members)")
                out.append("    }")
            else:
                out.append("    public init() {}")
                out.append("    public init(wire: JSONValue) throws { _ = try WireMembers(wire) }")
                out.append("    public var wire: JSONValue { .object([:]) }")
            out.append("}")
            out.append("")
        return "\n".join(out)

    def render_operations(self):
        ops = self.model["operations"]
        out = [HEADER, ""]
        out.append("/// Every operation of the cognito-idp model, with what the protocol layer needs to route it.")
        out.append("public enum CognitoOperation: String, CaseIterable, Sendable {")
        for name in sorted(ops):
            out.append(f"    case {lower_camel(name)} = {json.dumps(name)}")
        out.append("")
        out.append("    /// Whether callers must sign the request with SigV4 (the model's `authtype`).")
        out.append("    public var requiresSignature: Bool {")
        out.append("        switch self {")
        unsigned = sorted(n for n, o in ops.items() if o.get("authtype") == "none" or "smithy.api#noAuth" in o.get("auth", []))
        out.append("        case " + ",\n             ".join("." + lower_camel(n) for n in unsigned) + ":")
        out.append("            return false")
        out.append("        default:")
        out.append("            return true")
        out.append("        }")
        out.append("    }")
        out.append("")
        out.append("    /// The model's input shape name, used to validate the request body.")
        out.append("    public var inputShape: String? {")
        out.append("        switch self {")
        for name in sorted(ops):
            inp = ops[name].get("input", {}).get("shape")
            out.append(f"        case .{lower_camel(name)}: return {json.dumps(inp) if inp else 'nil'}")
        out.append("        }")
        out.append("    }")
        out.append("")
        out.append("    /// The exceptions the model lists for this operation.")
        out.append("    public var modelErrors: [String] {")
        out.append("        switch self {")
        for name in sorted(ops):
            errs = [e["shape"] for e in ops[name].get("errors", [])]
            out.append(f"        case .{lower_camel(name)}: return [{', '.join(json.dumps(e) for e in errs)}]")
        out.append("        }")
        out.append("    }")
        out.append("}")
        out.append("")
        return "\n".join(out)

    def render_constraints(self):
        """The shapes without documentation, for the validator to walk at run time."""
        keep = {}
        for name, s in sorted(self.shapes.items()):
            if s.get("exception"):
                continue
            d = {"type": s["type"]}
            for k in ("min", "max", "pattern", "enum", "required", "sensitive", "document"):
                if k in s:
                    d[k] = MODEL_CORRECTIONS.get((name, k), s[k])
            if s["type"] == "structure":
                d["members"] = {m: r["shape"] for m, r in s["members"].items()}
            if s["type"] == "list":
                d["member"] = s["member"]["shape"]
            if s["type"] == "map":
                d["key"] = s["key"]["shape"]
                d["value"] = s["value"]["shape"]
            keep[name] = d
        text = json.dumps(keep, sort_keys=True, separators=(",", ":"))
        exceptions = sorted(n for n, s in self.shapes.items() if s.get("exception"))
        out = [HEADER, ""]
        out.append("extension ServiceModel {")
        out.append(f"    /// botocore's version the shapes were generated from.")
        out.append(f"    public static let botocoreVersion = {json.dumps(PINNED_BOTOCORE)}")
        out.append(f"    /// The API version of the model.")
        out.append(f"    public static let apiVersion = {json.dumps(self.model['metadata']['apiVersion'])}")
        out.append(f"    /// The `X-Amz-Target` prefix of every operation.")
        out.append(f"    public static let targetPrefix = {json.dumps(self.model['metadata']['targetPrefix'])}")
        out.append(f"    /// The exception shapes of the model.")
        out.append(f"    public static let exceptionNames: Set<String> = [{', '.join(json.dumps(e) for e in exceptions)}]")
        out.append("    /// Shapes and their constraints, without documentation, as JSON.")
        out.append("    static let shapesJSON = #\"\"\"")
        # Wrap the JSON at commas so the file stays diffable; JSON ignores the newlines between tokens.
        chunks, line = [], ""
        for part in re.split(r"(?<=\},)", text):
            if len(line) + len(part) > 140 and line:
                chunks.append(line)
                line = ""
            line += part
        chunks.append(line)
        out.extend(chunks)
        out.append("\"\"\"#")
        out.append("}")
        out.append("")
        return "\n".join(out)

    def files(self):
        structs = self.structures()
        requests = [n for n in structs if n.endswith("Request") or n.endswith("Response")]
        types = [n for n in structs if n not in requests]
        return {
            "Enums.swift": self.render_enums(),
            "Types.swift": self.render_structures(types),
            "RequestsAndResponses.swift": self.render_structures(requests),
            "Operations.swift": self.render_operations(),
            "Constraints.swift": self.render_constraints(),
        }


# Where the model's constraints disagree with what Cognito accepts, the table follows Cognito. Each entry
# says why; the typed shapes are unaffected.
MODEL_CORRECTIONS = {
    # The model's DomainType pattern admits only prefix domains, but CreateUserPoolDomain takes custom
    # domains (auth.example.com, with CustomDomainConfig) in the same member.
    ("DomainType", "pattern"): r"^[a-z0-9](?:[a-z0-9\-.]{0,61}[a-z0-9])?$",
}

HEADER = "// Generated by scripts/generate_model.py from botocore's cognito-idp model. Do not edit."


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the committed output differs")
    args = parser.parse_args()
    files = Generator(load_model()).files()
    if args.check:
        stale = []
        for name, text in files.items():
            path = os.path.join(OUT_DIR, name)
            if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
                stale.append(name)
        extra = set(os.listdir(OUT_DIR)) - set(files) if os.path.isdir(OUT_DIR) else set()
        if stale or extra:
            sys.exit(f"Generated model is stale: {sorted(stale + list(extra))}. Run scripts/generate_model.py.")
        print("generated model is current")
        return
    os.makedirs(OUT_DIR, exist_ok=True)
    for name in os.listdir(OUT_DIR):
        if name not in files:
            os.remove(os.path.join(OUT_DIR, name))
    for name, text in files.items():
        with open(os.path.join(OUT_DIR, name), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"wrote {len(files)} files to {os.path.relpath(OUT_DIR, ROOT)}")


if __name__ == "__main__":
    main()
