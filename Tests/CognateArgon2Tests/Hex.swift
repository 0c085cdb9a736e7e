/// Hex helpers so vectors read as they are printed in the RFCs.
func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}

func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}
