package mnndb

import "testing"

// unpackCase takes casesJoined's text apart as scanCases reads the
// columns apart, and refuses what it cannot take apart as it is.
func TestUnpackCase(t *testing.T) {
	for _, tc := range []struct {
		text  string
		flag  bool
		id    int64
		suite int64
		knobs string
		res   bool
		ok    bool
	}{
		{"7\x003\x00{\"a\": 1}\x00CPU\x004\x00low\x001", true, 7, 3, "{\"a\": 1}\x00CPU\x004\x00low", true, true},
		{"-2\x000\x00{}\x00\x00\x00\x000", true, -2, 0, "{}\x00\x00\x00", false, true},
		{"7\x003\x00{}\x00\x00\x00", false, 7, 3, "{}\x00\x00\x00", true, true},
		{"7\x003\x00{\"a\x00b\"}\x00\x00\x00\x001", true, 7, 3, "{\"a\x00b\"}\x00\x00\x00", true, true}, // split4 refuses it
		{"", true, 0, 0, "", false, false}, // NULL
		{"7\x003", true, 0, 0, "", false, false},
		{"x\x003\x00{}\x00\x00\x00\x001", true, 0, 0, "", false, false},
		{"7\x00y\x00{}\x00\x00\x00\x001", true, 0, 0, "", false, false},
		{"7\x003\x00{}\x00\x00\x00\x002", true, 0, 0, "", false, false},
		{"7\x003\x00{}", true, 0, 0, "", false, false},
	} {
		id, suite, knobs, res, ok := unpackCase(tc.text, tc.flag)
		if ok != tc.ok {
			t.Errorf("unpackCase(%q, %v) ok = %v, want %v", tc.text, tc.flag, ok, tc.ok)
			continue
		}
		if ok && (id != tc.id || suite != tc.suite || knobs != tc.knobs || res != tc.res) {
			t.Errorf("unpackCase(%q, %v) = %d, %d, %q, %v; want %d, %d, %q, %v", tc.text, tc.flag, id, suite, knobs, res, tc.id, tc.suite, tc.knobs, tc.res)
		}
	}
}
