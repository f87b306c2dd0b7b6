package demo

import (
	"math"
	"slices"
	"strconv"
	"testing"
	"time"
)

// A row is one benchmark result of the loaded demo database, with its case.
type row struct {
	task, caseID int
	model, phase string
	value, size  int // the option's value; n_prompt (pp) or n_gen (tg)
	mean, std    float64
	at           time.Time
}

// rows reads every result of the demo database in case order.
func rows(t *testing.T) []row {
	t.Helper()
	db := load(t)
	rs, err := db.Query(`SELECT s.task_id, c.id, s.model_name, r.result_type, o.variable_value,
		r.result_parameter, r.mean_value, r.std_value, CAST(c.created_at AS TEXT)
		FROM benchmark_results r JOIN case_definitions c ON c.id = r.case_id JOIN suites s ON s.id = c.suite_id
		JOIN case_variable_values o ON o.case_id = c.id AND o.variable_name IN ('dynamicOption', 'mmap')
		ORDER BY c.id, r.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		var r row
		var value, size, at string
		if err := rs.Scan(&r.task, &r.caseID, &r.model, &r.phase, &value, &size, &r.mean, &r.std, &at); err != nil {
			t.Fatal(err)
		}
		r.value, _ = strconv.Atoi(value)
		r.size, _ = strconv.Atoi(size)
		if r.at, err = time.Parse(time.DateTime, at); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRealisticRanges(t *testing.T) {
	// Ranges seen in real llm_bench sweeps of 0.5B- and 256M-class models.
	ranges := map[[2]string][2]float64{
		{"demo_qwen_0_5b", "pp"}: {60, 100},
		{"demo_qwen_0_5b", "tg"}: {26.5, 30},
		{"demo_smol_256m", "pp"}: {125, 245},
		{"demo_smol_256m", "tg"}: {39, 45.5},
	}
	for _, r := range rows(t) {
		lim, ok := ranges[[2]string{r.model, r.phase}]
		if !ok {
			t.Fatalf("case %d: unexpected model %q or phase %q", r.caseID, r.model, r.phase)
		}
		if r.mean < lim[0] || r.mean > lim[1] {
			t.Errorf("case %d %s %s%d: mean %.2f outside [%g, %g]", r.caseID, r.model, r.phase, r.size, r.mean, lim[0], lim[1])
		}
		if cv := r.std / r.mean; r.std < 0 || cv > 0.02 {
			t.Errorf("case %d %s %s%d: std %.2f (CV %.2f%%) outside [0, 2%%]", r.caseID, r.model, r.phase, r.size, r.std, 100*cv)
		}
		if r.mean != math.Round(r.mean*100)/100 || r.std != math.Round(r.std*100)/100 {
			t.Errorf("case %d: %v ± %v not rounded to two decimals", r.caseID, r.mean, r.std)
		}
	}
}

// TestInvocationIsUnit checks that the spread of invocation means within a
// benchmark is several times the std printed within one invocation.
func TestInvocationIsUnit(t *testing.T) {
	type key struct {
		task         int
		model, phase string
		value, size  int
	}
	groups := map[key][]float64{}
	var order []key
	var within []float64
	for _, r := range rows(t) {
		k := key{r.task, r.model, r.phase, r.value, r.size}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r.mean)
		within = append(within, r.std/r.mean)
	}
	var between []float64
	for _, k := range order {
		if xs := groups[k]; k.task == 1 && len(xs) >= 4 {
			between = append(between, sd(xs)/mean(xs))
		}
	}
	b, w := median(between), median(within)
	if b < 2*w {
		t.Errorf("median between-invocation CV %.3f%% < 2 × median within CV %.3f%%", 100*b, 100*w)
	}
}

func TestTimeline(t *testing.T) {
	rs := rows(t)
	// Position of each case in its task's run order, per task and value.
	pos := map[[2]int][]float64{}
	n := map[int]int{}
	for i, r := range rs {
		if i == 0 || r.caseID == rs[i-1].caseID {
			continue
		}
		gap := r.at.Sub(rs[i-1].at)
		if gap < 5*time.Second || gap > 200*time.Second {
			t.Errorf("case %d: created %v after the previous case, want 5s..200s", r.caseID, gap)
		}
		pos[[2]int{r.task, r.value}] = append(pos[[2]int{r.task, r.value}], float64(n[r.task]))
		n[r.task]++
	}
	// Interleaved run order: both values have the same mean position in
	// their task, so drift is not confounded with the option.
	for _, vs := range [][3]int{{1, 7, 8}, {2, 0, 1}} {
		a, b := mean(pos[[2]int{vs[0], vs[1]}]), mean(pos[[2]int{vs[0], vs[2]}])
		if math.Abs(a-b) > 0.02*float64(n[vs[0]]) {
			t.Errorf("task %d: mean run position of %d is %.1f, of %d is %.1f: option confounded with time", vs[0], vs[1], a, vs[2], b)
		}
	}
}

// TestEffects checks the injected effects from the data: the ratio of the
// grand means of the two option values per model, phase and size range.
func TestEffects(t *testing.T) {
	rs := rows(t)
	ratio := func(task int, model, phase string, minSize, maxSize, base, new int) float64 {
		var b, n []float64
		for _, r := range rs {
			if r.task == task && r.model == model && r.phase == phase && r.size >= minSize && r.size <= maxSize {
				switch r.value {
				case base:
					b = append(b, r.mean)
				case new:
					n = append(n, r.mean)
				}
			}
		}
		if len(b) == 0 || len(n) == 0 {
			t.Fatalf("task %d %s %s: no data", task, model, phase)
		}
		return mean(n)/mean(b) - 1
	}
	tests := []struct {
		task             int
		model, phase     string
		minSize, maxSize int
		base, new        int
		lowPct, highPct  float64
	}{
		{1, "demo_smol_256m", "tg", 0, 1 << 20, 7, 8, 2, 3},
		{1, "demo_smol_256m", "pp", 0, 1 << 20, 7, 8, -0.5, 0.5},
		{1, "demo_qwen_0_5b", "tg", 0, 1 << 20, 7, 8, -0.5, 0.5},
		{1, "demo_qwen_0_5b", "pp", 0, 511, 7, 8, -0.5, 0.5},
		{1, "demo_qwen_0_5b", "pp", 512, 1 << 20, 7, 8, -2, -1},
		{2, "demo_qwen_0_5b", "pp", 0, 1 << 20, 0, 1, -0.5, 0.5},
		{2, "demo_qwen_0_5b", "tg", 0, 1 << 20, 0, 1, -0.5, 0.5},
		{2, "demo_smol_256m", "pp", 0, 1 << 20, 0, 1, -0.5, 0.5},
		{2, "demo_smol_256m", "tg", 0, 1 << 20, 0, 1, -0.5, 0.5},
	}
	for _, tt := range tests {
		d := 100 * ratio(tt.task, tt.model, tt.phase, tt.minSize, tt.maxSize, tt.base, tt.new)
		if d < tt.lowPct || d > tt.highPct {
			t.Errorf("task %d %s %s sizes %d..%d: %d vs %d is %+.2f%%, want %+g%%..%+g%%",
				tt.task, tt.model, tt.phase, tt.minSize, tt.maxSize, tt.new, tt.base, d, tt.lowPct, tt.highPct)
		}
	}
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// sd is the sample standard deviation.
func sd(xs []float64) float64 {
	m, s := mean(xs), 0.0
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}
