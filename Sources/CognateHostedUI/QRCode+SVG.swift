import CognateCore

extension QRCode {
    /// Light modules required around the symbol (§6.3.8), so a reader can find its edges.
    static let quietZone = 4

    /// An SVG of the code, inline in the page so the hosted UI's CSP (no scripts, images only from itself)
    /// needs no exception: a white square with the 4-module quiet zone, and one `<path>` of dark squares,
    /// each row's runs merged. The `viewBox` is in modules, `width`/`height` in pixels of `moduleSize`;
    /// `role="img"` and the caller's `aria-label` (escaped) say what it is to a screen reader.
    func svg(label: String, moduleSize: Int = 4) -> String {
        let side = size + 2 * Self.quietZone
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                var run = 1
                while isDark(x: x + run, y: y) { run += 1 }
                path += "M\(x + Self.quietZone) \(y + Self.quietZone)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let pixels = side * max(1, moduleSize)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(pixels)\" "
            + "height=\"\(pixels)\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }
}
