package stats

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"sync"
)

// The bootstrap on every core. Its resamples draw their indices from one
// PCG stream, in order: resample i uses draws i·n to (i+1)·n − 1 (a draw
// is rejected and redrawn, as rand.Rand.IntN does, with a probability
// below n/2⁶⁴). The resamples are cut into chunks, each started on its
// own goroutine at the generator's state before its first draw — PCG's
// state is a linear congruence, so the state k draws ahead is computed in
// log k steps — and a chunk that follows a redraw is done again from its
// true start. The means are those of one sequential loop over one
// generator, bit for bit, on any number of cores.

// bootstrapMean returns the percentile bootstrap interval of the mean of
// xs: cfg.Resamples means of n draws with replacement from the PCG seeded
// (cfg.Seed, cfg.Seed ^ 0x9e3779b97f4a7c15), their quantiles interpolated
// linearly (the order statistics they need selected, not sorted).
func bootstrapMean(xs []float64, cfg AggConfig) (lo, hi float64) {
	means := resampleMeans(xs, cfg.Resamples, cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15, runtime.GOMAXPROCS(0), nil)
	a := (1 - cfg.Confidence) / 2
	return quantileInPlace(means, a), quantileInPlace(means, 1-a)
}

// minChunkDraws is the least work (draws) worth a goroutine of its own.
const minChunkDraws = 1 << 16

// A drawFunc returns a draw in [0, n) from src and how many draws it
// rejected first (uint64n).
type drawFunc func(src *rand.PCG, n uint64) (uint64, uint64)

// resampleMeans returns the means of resamples resamples of xs drawn from
// PCG(seed1, seed2) by draw, computed by up to workers goroutines. A nil
// draw is uint64n on a generator held in local variables (drawState), the
// loop without a call per draw: the same means, four times as fast.
func resampleMeans(xs []float64, resamples int, seed1, seed2 uint64, workers int, draw drawFunc) []float64 {
	means := make([]float64, resamples)
	n := uint64(len(xs))
	per := max(1, min((resamples+4*workers-1)/(4*workers), resamples))
	if uint64(per)*n < minChunkDraws {
		per = max(per, int(min(uint64(resamples), (minChunkDraws+n-1)/n)))
	}
	type chunk struct {
		from, to int    // resamples
		start    uint64 // draws before the chunk's first, assumed
		extra    uint64 // draws rejected within it
	}
	var chunks []chunk
	for from := 0; from < resamples; from += per {
		chunks = append(chunks, chunk{from: from, to: min(from+per, resamples), start: uint64(from) * n})
	}
	run := func(c *chunk) {
		if draw == nil {
			c.extra = meansFrom(xs, means[c.from:c.to], pcgStateAt(seed1, seed2, c.start))
			return
		}
		src := pcgAt(seed1, seed2, c.start)
		c.extra = 0
		for i := c.from; i < c.to; i++ {
			sum := 0.0
			for range n {
				k, redrawn := draw(src, n)
				c.extra += redrawn
				sum += xs[k]
			}
			means[i] = sum / float64(n)
		}
	}
	if len(chunks) == 1 || workers <= 1 {
		for i := range chunks {
			run(&chunks[i])
		}
	} else {
		var wg sync.WaitGroup
		sem := make(chan struct{}, workers)
		for i := range chunks {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				run(&chunks[i])
			}()
		}
		wg.Wait()
	}
	// A redraw shifts every later chunk's start: redo those from theirs.
	shift := uint64(0)
	for i := range chunks {
		c := &chunks[i]
		if shift > 0 {
			c.start += shift
			run(c)
		}
		shift += c.extra
	}
	return means
}

// uint64n returns a draw in [0, n) from src exactly as rand.Rand.UintN and
// IntN make it (Lemire's multiply-shift with rejection, on 64-bit
// machines and, by Go's design, the same sequence on 32-bit ones), and the
// number of draws it rejected.
func uint64n(src *rand.PCG, n uint64) (uint64, uint64) {
	if n&(n-1) == 0 { // a power of two: a mask
		return src.Uint64() & (n - 1), 0
	}
	hi, lo := bits.Mul64(src.Uint64(), n)
	rejected := uint64(0)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(src.Uint64(), n)
			rejected++
		}
	}
	return hi, rejected
}

// meansFrom fills means with the means of len(means) resamples of xs, one
// after another, drawn by drawState from the generator state s, and
// returns the number of draws rejected.
func meansFrom(xs, means []float64, s pcgState) (rejected uint64) {
	n := uint64(len(xs))
	pow2 := n&(n-1) == 0
	for i := range means {
		sum := 0.0
		for range n {
			// drawState, inlined by hand (it is too big for the compiler).
			s = s.step()
			k := s.value()
			if pow2 {
				k &= n - 1
			} else {
				var lo uint64
				if k, lo = bits.Mul64(k, n); lo < n {
					var r uint64
					k, r, s = redraw(s, n, k, lo)
					rejected += r
				}
			}
			sum += xs[k]
		}
		means[i] = sum / float64(n)
	}
	return rejected
}

// A pcgState is the 128-bit state of math/rand/v2's PCG.
type pcgState struct{ hi, lo uint64 }

// drawState is uint64n on the PCG whose state is s: the draw, the number
// of draws rejected first, and the state after them (meansFrom's draw).
func drawState(s pcgState, n uint64) (k, rejected uint64, next pcgState) {
	s = s.step()
	x := s.value()
	if n&(n-1) == 0 { // a power of two: a mask
		return x & (n - 1), 0, s
	}
	hi, lo := bits.Mul64(x, n)
	if lo < n {
		return redraw(s, n, hi, lo)
	}
	return hi, 0, s
}

// redraw is drawState's rejection loop (rand.Rand.UintN's), from the
// first draw's product hi:lo with n.
func redraw(s pcgState, n, hi, lo uint64) (k, rejected uint64, next pcgState) {
	thresh := -n % n
	for lo < thresh {
		s = s.step()
		hi, lo = bits.Mul64(s.value(), n)
		rejected++
	}
	return hi, rejected, s
}

// step advances the state once (math/rand/v2's PCG.next).
func (s pcgState) step() pcgState {
	hi, lo := bits.Mul64(s.lo, pcgMulLo)
	hi += s.hi*pcgMulLo + s.lo*pcgMulHi
	lo, c := bits.Add64(lo, pcgIncLo, 0)
	hi, _ = bits.Add64(hi, pcgIncHi, c)
	return pcgState{hi, lo}
}

// value is the output of the state (math/rand/v2's PCG.Uint64 after its
// step: DXSM).
func (s pcgState) value() uint64 {
	const cheapMul = 0xda942042e4dd58b5
	hi := s.hi
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> (3 * 64 / 4)
	hi *= s.lo | 1
	return hi
}

// pcgAt returns the PCG seeded (seed1, seed2) after k draws.
func pcgAt(seed1, seed2, k uint64) *rand.PCG {
	s := pcgStateAt(seed1, seed2, k)
	var state [20]byte
	copy(state[:], "pcg:")
	binary.BigEndian.PutUint64(state[4:], s.hi)
	binary.BigEndian.PutUint64(state[12:], s.lo)
	p := new(rand.PCG)
	if err := p.UnmarshalBinary(state[:]); err != nil {
		panic("stats: PCG state: " + err.Error()) // a fixed, well-formed state
	}
	return p
}

// pcgStateAt returns the state of the PCG seeded (seed1, seed2) after k
// draws: its state is the 128-bit linear congruence s ← s·mul + inc of
// math/rand/v2's PCG, applied k times by squaring.
func pcgStateAt(seed1, seed2, k uint64) pcgState {
	// (a, c) is the map s ↦ a·s + c, from the identity to the k-th power
	// of one step (m, i), squared as k's bits go.
	aHi, aLo := uint64(0), uint64(1)
	cHi, cLo := uint64(0), uint64(0)
	mHi, mLo := uint64(pcgMulHi), uint64(pcgMulLo)
	iHi, iLo := uint64(pcgIncHi), uint64(pcgIncLo)
	for k > 0 {
		if k&1 == 1 {
			// (a, c) ← (m·a, m·c + i)
			aHi, aLo = mul128(mHi, mLo, aHi, aLo)
			cHi, cLo = mul128(mHi, mLo, cHi, cLo)
			cHi, cLo = add128(cHi, cLo, iHi, iLo)
		}
		// (m, i) ← (m·m, m·i + i)
		iHi2, iLo2 := mul128(mHi, mLo, iHi, iLo)
		iHi, iLo = add128(iHi2, iLo2, iHi, iLo)
		mHi, mLo = mul128(mHi, mLo, mHi, mLo)
		k >>= 1
	}
	sHi, sLo := mul128(aHi, aLo, seed1, seed2)
	sHi, sLo = add128(sHi, sLo, cHi, cLo)
	return pcgState{sHi, sLo}
}

// The constants of math/rand/v2's PCG (pcg.go): state = state·mul + inc.
const (
	pcgMulHi = 2549297995355413924
	pcgMulLo = 4865540595714422341
	pcgIncHi = 6364136223846793005
	pcgIncLo = 1442695040888963407
)

// mul128 returns a·b mod 2¹²⁸.
func mul128(aHi, aLo, bHi, bLo uint64) (hi, lo uint64) {
	hi, lo = bits.Mul64(aLo, bLo)
	hi += aHi*bLo + aLo*bHi
	return hi, lo
}

// add128 returns a+b mod 2¹²⁸.
func add128(aHi, aLo, bHi, bLo uint64) (hi, lo uint64) {
	lo, c := bits.Add64(aLo, bLo, 0)
	hi, _ = bits.Add64(aHi, bHi, c)
	return hi, lo
}
