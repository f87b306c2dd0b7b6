package chart

import (
	"fmt"
	"strings"
)

// labels are the texts of the charts in one language. Fields ending in "Fmt"
// are fmt formats; their verbs are documented beside them. Every rune of the
// Chinese labels must be in the embedded font (chart_test.go checks, and
// font/mksubset.sh collects them from this file).
type labels struct {
	speed      string // y axis: speed with unit
	cv         string // y axis: coefficient of variation
	nPrompt    string // x axis: prompt length
	nGen       string // x axis: generated length
	speedOfFmt string // axis of the direct comparison: option, value
	equal      string // legend of the y = x line
	pairs      string // legend of the matched records in the direct comparison
	vsFmt      string // panel title: quantity, knob
	directFmt  string // panel title of the direct comparison: matched pairs
	compFmt    string // comparison chart title: model, phase, option, base, new
	aggFmt     string // aggregate chart title: phase, option, base, new, models
	stability  string // quantity name in panel titles
	perf       string // quantity name in panel titles
	noData     string // shown in an empty panel
	speedup    string // y axis of the scaling chart
	// scalingFmt titles a scaling panel (phase); scalingTitleFmt the
	// scaling chart (option, base value).
	scalingFmt, scalingTitleFmt string
}

// zhLabels returns the Chinese labels, the default.
func zhLabels() labels {
	return labels{
		speed:           "性能 (tokens/s)",
		cv:              "稳定性 CV (%)",
		nPrompt:         "提示长度 n_prompt (tokens)",
		nGen:            "生成长度 n_gen (tokens)",
		speedOfFmt:      "%s=%s 性能 (tokens/s)",
		equal:           "相等性能 (y = x)",
		pairs:           "匹配记录 (x 基准, y 新值)",
		vsFmt:           "%s随 %s 变化",
		directFmt:       "直接对比 (%d 组匹配记录)",
		compFmt:         "%s — %s 性能: %s %s vs %s",
		aggFmt:          "%s 性能汇总 (%[5]d 个模型): %[2]s %[3]s vs %[4]s",
		stability:       "稳定性",
		perf:            "性能",
		noData:          "无数据",
		speedup:         "相对基准的加速比 (几何平均, 95% 区间)",
		scalingFmt:      "%s 扩展性",
		scalingTitleFmt: "%s 扩展性: 相对 %[1]s=%[2]s 的加速比",
	}
}

// enLabels returns the English labels.
func enLabels() labels {
	return labels{
		speed:           "speed (tokens/s)",
		cv:              "stability: CV (%)",
		nPrompt:         "prompt length n_prompt (tokens)",
		nGen:            "generated length n_gen (tokens)",
		speedOfFmt:      "%s=%s speed (tokens/s)",
		equal:           "equal speed (y = x)",
		pairs:           "matched records (x base, y new)",
		vsFmt:           "%s vs %s",
		directFmt:       "direct comparison (%d matched records)",
		compFmt:         "%s — %s speed: %s %s vs %s",
		aggFmt:          "%s speed, %[5]d models: %[2]s %[3]s vs %[4]s",
		stability:       "stability",
		perf:            "speed",
		noData:          "no data",
		speedup:         "speedup over the base (geometric mean, 95% interval)",
		scalingFmt:      "%s scaling",
		scalingTitleFmt: "%s scaling: speedup over %[1]s=%[2]s",
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
