package hugepage

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestAdviseKeepsContents(t *testing.T) {
	Advise([]int64(nil))
	Advise(make([]byte, 0, 1))
	small := []int{1, 2, 3}
	Advise(small)
	big := make([]int64, 3, 1<<20) // 8 MiB
	big[0], big[2] = 7, 9
	Advise(big)
	big = append(big, 11)
	if big[0] != 7 || big[2] != 9 || big[3] != 11 || len(big) != 4 || cap(big) != 1<<20 {
		t.Fatalf("big after Advise: %v, len %d, cap %d", big[:4], len(big), cap(big))
	}
	if small[1] != 2 {
		t.Fatalf("small after Advise: %v", small)
	}
}

// TestAdviseMarksMemory checks in /proc/self/smaps that the kernel took the
// advice: the mapping holding a big array's middle has the "hg" flag
// (MADV_HUGEPAGE).
func TestAdviseMarksMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("huge pages are advised on Linux only")
	}
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skipf("this kernel has no transparent huge pages: %v", err)
	}
	big := make([]uint64, 0, 2<<20) // 16 MiB
	Advise(big)
	mid := uintptr(unsafe.Pointer(unsafe.SliceData(big[:1]))) + 8<<20
	flags, err := vmFlags(mid)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("mapping of %#x has VmFlags %q, without hg", mid, flags)
	}
	runtime.KeepAlive(big)
}

// vmFlags returns the VmFlags line of the mapping holding addr.
func vmFlags(addr uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := rangeOf(line); ok {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:")), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", os.ErrNotExist
}

// rangeOf parses the address range that starts a mapping's lines in smaps
// ("7f00-7f80 rw-p ...").
func rangeOf(line string) (lo, hi uintptr, ok bool) {
	field, _, _ := strings.Cut(line, " ")
	a, b, found := strings.Cut(field, "-")
	if !found {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(l), uintptr(h), true
}
