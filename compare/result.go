package compare

// Warnings returns the sweep-level caveats of the comparison (for example
// that drift over time is confounded with the option), in a fixed order.
func (r *Result) Warnings() []error { return append([]error(nil), r.a.Sig.Warnings...) }
