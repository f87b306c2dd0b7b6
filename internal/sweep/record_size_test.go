package sweep

import (
	"testing"
	"unsafe"
)

// A report holds every selected record: at a million results each byte of
// Record is a megabyte live and about two at the peak (README, "Scale").
// What the records of an invocation or a test share belongs in Case or
// Test; grow Record only knowing what it costs, and change this bound with
// the README's figures.
func TestRecordSize(t *testing.T) {
	if got, max := unsafe.Sizeof(Record{}), uintptr(88); got > max {
		t.Errorf("sweep.Record is %d bytes, more than %d: a million records take %d MB more", got, max, got-max)
	}
}
