/// Returns `value` unchanged, in a way the optimiser cannot look through.
///
/// Constant-time selection builds an all-ones or all-zeros mask and ANDs with it. The optimiser
/// is free to notice that such a mask only takes two values and to replace the AND by a branch on
/// the condition, which is exactly the secret-dependent jump the mask was meant to avoid; it did
/// that to the table lookup in ``MontgomeryModulus/power(_:_:)`` (unswitching the limb loop on
/// `candidate == index`). Passing the mask through a function that is neither inlined nor
/// optimised hides its possible values, so it stays an AND. This is the pure-Swift stand-in for
/// the empty inline-assembly barrier C libraries use (`value_barrier_w` in BoringSSL).
@inline(never)
@_optimize(none)
func valueBarrier(_ value: UInt64) -> UInt64 {
    value
}
