import CognateCore

extension OperationTable {
    /// Every operation Cognate implements. The README's compatibility table is generated from the
    /// table this builds, so it cannot claim an operation that is not wired here.
    public mutating func addAllOperations(pools: UserPoolService) {
        addUserPoolOperations(pools)
    }
}
