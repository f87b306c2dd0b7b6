package mnndb

import "testing"

// unpackCase takes casesJoined's text apart as scanCases reads the
// columns apart, and refuses what it cannot take apart as it is.
func TestUnpackCase(t *testing.T) {
	for _, tc := range []struct {
		text  any
		flag  bool
		id    int64
		suite int64
		knobs string
		res   any
		ok    bool
	}{
		{"7\x003\x00{\"a\": 1}\x00CPU\x004\x00low\x001", true, 7, 3, "{\"a\": 1}\x00CPU\x004\x00low", int64(1), true},
		{"-2\x000\x00{}\x00\x00\x00\x000", true, -2, 0, "{}\x00\x00\x00", int64(0), true},
		{"7\x003\x00{}\x00\x00\x00", false, 7, 3, "{}\x00\x00\x00", nil, true},
		{"7\x003\x00{\"a\x00b\"}\x00\x00\x00\x001", true, 7, 3, "{\"a\x00b\"}\x00\x00\x00", int64(1), true}, // split4 refuses it
		{nil, true, 0, 0, "", nil, false},
		{"7\x003", true, 0, 0, "", nil, false},
		{"x\x003\x00{}\x00\x00\x00\x001", true, 0, 0, "", nil, false},
		{"7\x00y\x00{}\x00\x00\x00\x001", true, 0, 0, "", nil, false},
		{"7\x003\x00{}\x00\x00\x00\x002", true, 0, 0, "", nil, false},
		{"7\x003\x00{}", true, 0, 0, "", nil, false},
	} {
		var col [7]any
		col[0] = tc.text
		ok := unpackCase(&col, tc.flag)
		if ok != tc.ok {
			t.Errorf("unpackCase(%q, %v) ok = %v, want %v", tc.text, tc.flag, ok, tc.ok)
			continue
		}
		if ok && (col[0] != tc.id || col[1] != tc.suite || col[2] != tc.knobs || col[6] != tc.res) {
			t.Errorf("unpackCase(%q, %v) = %q, %q, %q, %q; want %d, %d, %q, %v", tc.text, tc.flag, col[0], col[1], col[2], col[6], tc.id, tc.suite, tc.knobs, tc.res)
		}
	}
}
