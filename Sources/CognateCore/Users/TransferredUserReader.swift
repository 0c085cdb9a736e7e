import Foundation

/// Reads an export (JSON Lines or CSV) in chunks of bytes, so that a file of a million users is never
/// held whole. Positions are line numbers for JSON Lines and row numbers (the header is row 1) for CSV.
public struct TransferredUserReader: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    public typealias Batch = (users: [(position: Int, user: TransferredUser)], refusals: [UserTransfer.Refusal])

    let format: Format
    private var csv = CSV()
    /// A CSV's first record, once read.
    public private(set) var header: [String]?
    private var partialLine: [UInt8] = []
    private var position = 0

    public init(format: Format) {
        self.format = format
    }

    /// The users the chunk completed, and the lines that were not users. Malformed CSV stops the reading
    /// (its quoting cannot be resynchronised) with `CSV.ParseError`.
    public mutating func feed(_ bytes: [UInt8]) throws -> Batch {
        switch format {
        case .csv:
            return rows(try csv.feed(bytes))
        case .jsonl:
            var batch: Batch = ([], [])
            var start = bytes.startIndex
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                partialLine += bytes[start..<newline]
                jsonLine(into: &batch)
                start = newline + 1
            }
            partialLine += bytes[start...]
            return batch
        }
    }

    public mutating func finish() throws -> Batch {
        switch format {
        case .csv:
            return rows(try csv.finish())
        case .jsonl:
            var batch: Batch = ([], [])
            if !partialLine.isEmpty { jsonLine(into: &batch) }
            return batch
        }
    }

    private mutating func jsonLine(into batch: inout Batch) {
        position += 1
        defer { partialLine.removeAll(keepingCapacity: true) }
        let line = String(decoding: partialLine, as: UTF8.self)
        guard !line.allSatisfy(\.isWhitespace) else { return }
        do {
            batch.users.append((position, try TransferredUser.fromJSONLine(line)))
        } catch {
            batch.refusals.append(UserTransfer.Refusal(position: position, username: "", reason: "not a user record: \(error)"))
        }
    }

    private mutating func rows(_ records: [[String]]) -> Batch {
        var batch: Batch = ([], [])
        for record in records {
            position += 1
            guard let header else {
                header = record
                continue
            }
            do {
                batch.users.append((position, try TransferredUser(csvRow: record, header: header)))
            } catch {
                batch.refusals.append(UserTransfer.Refusal(position: position, username: record.first ?? "", reason: UserTransfer.reason(error)))
            }
        }
        return batch
    }
}
