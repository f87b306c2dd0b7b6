package stats

import "math"

// DeltaCI returns a confidence interval, at the given confidence (0 means
// 0.95), of the relative change of the means, (new mean − base mean) /
// base mean, from Welch's t-interval of the difference with the base mean
// taken as a constant. It is NaN when either side has fewer than two
// samples or the base mean is zero. Gates print it beside a change so a
// reader sees how large the change may be.
func DeltaCI(base, new SummaryStats, confidence float64) (lo, hi float64) {
	return DeltaCIFloor(base, new, confidence, 0)
}

// DeltaCIFloor is [DeltaCI] with each side's standard deviation taken as at
// least the rounding error of the data's resolution (0: none).
func DeltaCIFloor(base, new SummaryStats, confidence, resolution float64) (lo, hi float64) {
	if confidence == 0 {
		confidence = 0.95
	}
	if base.N < 2 || new.N < 2 || base.Mean == 0 || !(confidence > 0 && confidence < 1) {
		return math.NaN(), math.NaN()
	}
	f := summaryScale(base, new)
	base, new = scaleSummary(base, f), scaleSummary(new, f)
	base, _ = floorStd(base, resolutionFloor(resolution/f))
	new, _ = floorStd(new, resolutionFloor(resolution/f))
	w := welchInterval(base, new)
	half := 0.0
	if !w.zeroVar {
		half = tQuantile(1-(1-confidence)/2, w.df) * w.se
	}
	scale := math.Abs(base.Mean)
	return (w.diff - half) / scale, (w.diff + half) / scale
}

// SummaryOf returns the mean, sample standard deviation and count of xs as
// SummaryStats.
func SummaryOf(xs []float64) SummaryStats { return summaryOf(xs) }
