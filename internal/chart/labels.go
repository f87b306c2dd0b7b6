package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sweepstat/sweepstat/internal/result"
)

// labels are the texts of the charts in one language. Fields ending in "Fmt"
// are fmt formats; their verbs are documented beside them. Every rune of the
// Chinese labels must be in the embedded font (chart_test.go checks, and
// font/mksubset.sh collects them from this file).
type labels struct {
	speedFmt   string // y axis: speed (unit)
	cv         string // y axis: coefficient of variation
	nPrompt    string // x axis: prompt length
	nGen       string // x axis: generated length
	size       string // x axis: the test size when it is neither
	speedOfFmt string // axis of the direct comparison: option, value, unit
	equal      string // legend of the y = x line
	pairs      string // legend of the benchmarks in the direct comparison
	vsFmt      string // panel title: quantity, knob
	directFmt  string // panel title of the direct comparison: benchmarks
	compFmt    string // comparison chart title: model, phase, option, base, new values
	aggFmt     string // aggregate chart title: phase, option, base, new values, models
	stability  string // quantity name in panel titles
	perf       string // quantity name in panel titles
	relPerf    string // quantity name in panel titles: normalised speed
	relFmt     string // y axis of the aggregate speed panels: option, base value
	noData     string // shown in an empty panel
	runs       string // legend: the faint points of the records
	errBarsFmt string // legend of the error bars: the interval names
	// intervals names the interval kinds of result.Row.Interval.
	intervals map[string]string
	more      string // legend: "… N more" (count)
	speedup   string // y axis of the scaling chart
	// scalingFmt titles a scaling panel (phase); scalingTitleFmt the
	// scaling chart (option, base value).
	scalingFmt, scalingTitleFmt string

	// The change chart.
	changeTitleFmt string // phase, option, new values, base value
	change         string // y axis
	geomean        string // panel title's second line: the aggregate change
	benchmark      string // legend of a benchmark's point and interval
	zero           string // legend of the zero line
	marginFmt      string // legend of the margin band: margin
	aggregate      string // legend of the aggregate band
	verdicts       map[result.Verdict]string
	model          string // x axis of a change panel of all models
	modelsFmt      string // its title: models

	// The run-order chart.
	runTitleFmt string // option
	runPanelFmt string // model, phase
	runY        string // y axis
	runXFmt     string // x axis: dates
	noTimeFmt   string // panel title: records without a time
	pooledFmt   string // panel title: models pooled
	trend       string // legend of the median line
}

// zhLabels returns the Chinese labels, the default.
func zhLabels() labels {
	return labels{
		speedFmt:   "性能 (%s)",
		cv:         "稳定性 CV (%)",
		nPrompt:    "提示长度 n_prompt (tokens)",
		nGen:       "生成长度 n_gen (tokens)",
		size:       "测试规模",
		speedOfFmt: "%s=%s 性能 (%s)",
		equal:      "相等性能 (y = x)",
		pairs:      "每个基准: x 为基准值, y 为新值",
		vsFmt:      "%s随 %s 变化",
		directFmt:  "直接对比 (%d 个基准)",
		compFmt:    "%s — %s 性能: %s %s vs %s",
		aggFmt:     "%s 性能汇总 (%[5]d 个模型): %[2]s %[3]s vs %[4]s",
		stability:  "稳定性",
		perf:       "性能",
		relPerf:    "相对性能",
		relFmt:     "相对 %s=%s 的性能差异 (%%)",
		noData:     "无数据",
		runs:       "每次运行的均值",
		errBarsFmt: "误差线 (检验所用): %s",
		intervals: map[string]string{
			result.IntervalCI:    "中位数, 95% 置信区间",
			result.IntervalT:     "均值, 95% t 区间",
			result.IntervalRange: "最小值–最大值",
		},
		more:            "… 另 %d 项",
		speedup:         "相对基准的加速比 (几何平均, 95% 区间)",
		scalingFmt:      "%s 扩展性",
		scalingTitleFmt: "%s 扩展性: 相对 %[1]s=%[2]s 的加速比",

		changeTitleFmt: "%s 性能变化: %s=%s 相对 %[2]s=%[4]s",
		change:         "性能变化 (%)",
		geomean:        "几何平均",
		benchmark:      "基准: 变化及 95% 区间",
		zero:           "无变化",
		marginFmt:      "等效范围 ±%s%%",
		aggregate:      "模型汇总: 几何平均及 95% 区间",
		verdicts: map[result.Verdict]string{
			result.Improvement: "提升", result.Regression: "退步", result.Equivalent: "等效",
			result.Inconclusive: "无法判定", result.Unverified: "未验证", result.Untested: "未检验",
		},
		model:     "模型",
		modelsFmt: "%d 个模型",

		runTitleFmt: "运行顺序: %s 各值的相对性能随运行时间变化",
		runPanelFmt: "%s — %s",
		runY:        "性能 / 该基准中位数",
		runXFmt:     "运行时间 (%s)",
		noTimeFmt:   " (%d 条记录无时间)",
		pooledFmt:   "%d 个模型合并",
		trend:       "各时段中位数",
	}
}

// enLabels returns the English labels.
func enLabels() labels {
	return labels{
		speedFmt:   "speed (%s)",
		cv:         "stability: CV (%)",
		nPrompt:    "prompt length n_prompt (tokens)",
		nGen:       "generated length n_gen (tokens)",
		size:       "test size",
		speedOfFmt: "%s=%s speed (%s)",
		equal:      "equal speed (y = x)",
		pairs:      "benchmark: base on x, new on y",
		vsFmt:      "%s vs %s",
		directFmt:  "direct comparison (%d benchmarks)",
		compFmt:    "%s — %s speed: %s %s vs %s",
		aggFmt:     "%s speed, %[5]d models: %[2]s %[3]s vs %[4]s",
		stability:  "stability",
		perf:       "speed",
		relPerf:    "relative speed",
		relFmt:     "speed vs %s=%s, same benchmark (%%)",
		noData:     "no data",
		runs:       "mean of each run",
		errBarsFmt: "error bars as tested: %s",
		intervals: map[string]string{
			result.IntervalCI:    "median, 95% CI",
			result.IntervalT:     "mean, 95% t-interval",
			result.IntervalRange: "min–max",
		},
		more:            "… %d more",
		speedup:         "speedup over the base (geometric mean, 95% interval)",
		scalingFmt:      "%s scaling",
		scalingTitleFmt: "%s scaling: speedup over %[1]s=%[2]s",

		changeTitleFmt: "%s speed change: %s=%s vs %[2]s=%[4]s",
		change:         "speed change (%)",
		geomean:        "geometric mean",
		benchmark:      "benchmark: change, 95% interval",
		zero:           "no change",
		marginFmt:      "equivalence margin ±%s%%",
		aggregate:      "model: geometric mean, 95% interval",
		verdicts: map[result.Verdict]string{
			result.Improvement: "improvement", result.Regression: "regression", result.Equivalent: "equivalent",
			result.Inconclusive: "inconclusive", result.Unverified: "unverified", result.Untested: "untested",
		},
		model:     "model",
		modelsFmt: "%d models",

		runTitleFmt: "Run order: relative speed of each %s value against run time",
		runPanelFmt: "%s — %s",
		runY:        "speed / benchmark median",
		runXFmt:     "run time (%s)",
		noTimeFmt:   " (%d records without a time)",
		pooledFmt:   "%d models pooled",
		trend:       "median per time slice",
	}
}

// labelsFor returns the labels of lang: "zh" (also the empty string) or "en".
func labelsFor(lang string) (labels, error) {
	switch lang {
	case "", "zh":
		return zhLabels(), nil
	case "en":
		return enLabels(), nil
	}
	return labels{}, fmt.Errorf("unknown language %q (want zh or en)", lang)
}

// phaseName is the phase as chart titles print it: "TG", "PP", "PP+TG".
func phaseName(phase string) string { return strings.ToUpper(phase) }

// valueLabel names one value of the compared option: "dynamicOption=7".
func valueLabel(option, value string) string { return option + "=" + value }

// dimLabel is the axis label of sweep dimension d (an index into dimKnobs),
// or of the test size for d < 0: the prompt length for pp, the generated
// length for tg.
func (lb labels) dimLabel(d int, phase string) string {
	switch {
	case d == 0 || d < 0 && phase == "pp":
		return lb.nPrompt
	case d == 1 || d < 0 && phase == "tg":
		return lb.nGen
	}
	return lb.size
}

// errBars names the interval kinds of rows (result.Row.Interval values,
// "ci" or "ci/range" …) for the error-bar legend; "" when none has one.
func (lb labels) errBars(kinds []string) string {
	seen := map[string]bool{}
	var names []string
	for _, k := range kinds {
		for _, part := range strings.Split(k, "/") {
			if n, ok := lb.intervals[part]; ok && !seen[part] {
				seen[part] = true
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf(lb.errBarsFmt, strings.Join(names, " / "))
}

// pct formats a percentage for chart text with two significant digits,
// trailing zeros kept, and a sign: "+1.0%", "-0.21%", "+12%", "0%".
func pct(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return "0%"
	}
	prec := max(1-int(math.Floor(math.Log10(math.Abs(v)))), 0)
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if v > 0 {
		s = "+" + s
	}
	return s + "%"
}
