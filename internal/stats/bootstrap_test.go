package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// sequentialMeans is the bootstrap as one loop over one generator, through
// rand.Rand.IntN: what resampleMeans must equal on any number of cores.
func sequentialMeans(xs []float64, resamples int, seed1, seed2 uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	means := make([]float64, resamples)
	for i := range means {
		sum := 0.0
		for range len(xs) {
			sum += xs[rng.IntN(len(xs))]
		}
		means[i] = sum / float64(len(xs))
	}
	return means
}

func TestResampleMeansSequential(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{1, 2, 7, 8, 64, 1000, 51200} {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = math.Log(1 + 0.01*rng.NormFloat64())
		}
		want := sequentialMeans(xs, 300, 11, 12)
		for _, workers := range []int{1, 2, 3, 8} {
			for _, draw := range []drawFunc{uint64n, nil} {
				got := resampleMeans(xs, 300, 11, 12, workers, draw)
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("n=%d workers=%d draw %p: resample %d mean %v, sequential %v", n, workers, draw, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// pcgAt(k) continues exactly where k draws of the generator leave it.
func TestPCGAt(t *testing.T) {
	seq := rand.NewPCG(0x5eed, 0x5eed^0x9e3779b97f4a7c15)
	var draws []uint64
	for range 5000 {
		draws = append(draws, seq.Uint64())
	}
	for _, k := range []uint64{0, 1, 2, 3, 63, 64, 65, 1000, 4095} {
		p := pcgAt(0x5eed, 0x5eed^0x9e3779b97f4a7c15, k)
		for j := range 10 {
			if got := p.Uint64(); got != draws[int(k)+j] {
				t.Fatalf("pcgAt(%d): draw %d = %x, want %x", k, j, got, draws[int(k)+j])
			}
		}
	}
}

// uint64n draws what rand.Rand.UintN draws, redraws included, and counts
// the redraws: with n near 2⁶⁴ a quarter of the draws are redrawn.
func TestUint64nRedraws(t *testing.T) {
	for _, n := range []uint64{3, 1 << 20, 51200, 3 << 62, 1<<63 + 12345} {
		ref := rand.New(rand.NewPCG(1, 2))
		src := rand.NewPCG(1, 2)
		used, redrawn := uint64(0), uint64(0)
		for range 2000 {
			want := uint64(ref.UintN(uint(n)))
			got, r := uint64n(src, n)
			if got != want {
				t.Fatalf("n=%d: %d, rand.UintN %d", n, got, want)
			}
			used += 1 + r
			redrawn += r
		}
		// Both generators are at the same state: the counts are right.
		if a, b := ref.Uint64(), src.Uint64(); a != b {
			t.Fatalf("n=%d: generators apart after %d draws (%d redrawn)", n, used, redrawn)
		}
		if n == 3<<62 && redrawn == 0 {
			t.Errorf("n=%d: no redraw in 2000 draws", n)
		}
	}
}

// drawState draws what uint64n draws from the same generator, redraws
// included, and leaves the state where the generator is.
func TestDrawState(t *testing.T) {
	for _, n := range []uint64{1, 3, 8, 51200, 3 << 62, 1<<63 + 12345} {
		src := rand.NewPCG(1, 2)
		s := pcgStateAt(1, 2, 0)
		for i := range 2000 {
			want, wr := uint64n(src, n)
			got, r, next := drawState(s, n)
			if got != want || r != wr {
				t.Fatalf("n=%d draw %d: %d (%d redrawn), uint64n %d (%d)", n, i, got, r, want, wr)
			}
			s = next
		}
		if a, b := src.Uint64(), s.step().value(); a != b {
			t.Fatalf("n=%d: states apart", n)
		}
	}
}

// A redraw inside a chunk moves the start of every later chunk: with a
// draw that rejects one value in 50 (rand's rejects fewer than n in 2⁶⁴),
// the shifted chunks are redone and the means are the sequential ones.
func TestResampleChunksAfterRedraw(t *testing.T) {
	often := func(src *rand.PCG, n uint64) (uint64, uint64) {
		rejected := uint64(0)
		for {
			x := src.Uint64()
			if x%50 != 0 {
				return x % n, rejected
			}
			rejected++
		}
	}
	xs := []float64{0.01, -0.02, 0.005, 0.03, -0.01, 0.02, 0.0, 0.015, 0.007}
	n := uint64(len(xs))
	src := rand.NewPCG(5, 6)
	want := make([]float64, 20000)
	for i := range want {
		sum := 0.0
		for range n {
			k, _ := often(src, n)
			sum += xs[k]
		}
		want[i] = sum / float64(n)
	}
	for _, workers := range []int{1, 2, 5} {
		if got := resampleMeans(xs, len(want), 5, 6, workers, often); !slices.Equal(got, want) {
			t.Fatalf("workers=%d: chunked means differ from the sequential ones", workers)
		}
	}
}
