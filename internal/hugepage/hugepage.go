// Package hugepage asks the kernel to back the big arrays a read of a big
// database fills (a million records, half a million cases) with huge
// pages, where the kernel gives them only to memory that asks (Linux's
// transparent huge pages in "madvise" mode, the common default).
//
// Such an array is reserved at once and then filled over a second. The
// garbage collector scans all of it meanwhile, the unwritten part
// included, and the kernel maps its zero page wherever it reads; every
// later write to a 4 KiB page then faults again and flushes the other
// cores' TLBs. On a million records that was 22,000 such faults and half a
// second of CPU (most of it in the flushes, dear in a virtual machine). A
// huge page takes 512 of those pages in one fault.
//
// Advise is a hint: where the kernel has no transparent huge pages, or on
// another system, it does nothing, and nothing else changes. The advice
// outlives the array: what the runtime later puts in the same memory may
// get huge pages too, which costs at most the array's size in resident
// memory, and only in a process that lives on after its big read.
package hugepage

import (
	"os"
	"unsafe"
)

// minSize is the least array worth advising: 4 MiB holds at least one
// whole 2 MiB huge page at any alignment.
const minSize = 4 << 20

// Advise asks that the memory of s, its whole capacity, be backed by huge
// pages. Arrays under 4 MiB are left as they are.
func Advise[T any](s []T) {
	var zero T
	size := uintptr(cap(s)) * unsafe.Sizeof(zero)
	if size < minSize {
		return
	}
	page := uintptr(os.Getpagesize())
	p := unsafe.Pointer(unsafe.SliceData(s[:1])) // cap(s) > 0
	skip := (page - uintptr(p)%page) % page      // to the first whole page
	n := (size - skip) &^ (page - 1)             // whole pages only
	advise(unsafe.Slice((*byte)(unsafe.Add(p, skip)), n))
}
