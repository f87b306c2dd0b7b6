package report

import "github.com/sweepstat/sweepstat/internal/result"

// sigText holds the strings of the significance parts in one language.
type sigText struct {
	section, intro                      string
	design, spreadCols, spreadNote      string
	aggLine, rowCols, legend, footnotes string
	legendText                          string // the legend of the plain-text table
	diffCols                            string
	verdict                             map[result.Verdict]string
	method                              map[string]string // by result.Method*
	interval                            map[string]string // by result.Interval*
	correction                          map[string]string
	confoundedMark                      string
	runOrder, session, remedy           string // design findings
	noRows                              string
}

var sigTexts = map[Lang]*sigText{
	Chinese: {
		section: "## 显著性分析",
		intro: "每个基准（模型 × 性能指标 × 大小）的样本是各次调用的平均值：调用之间的波动通常比单次调用内的 ± 大，调用才是真正的重复单位（见下表）。" +
			"中心值为中位数（U检验，与 benchstat 相同）或均值（Welch t检验）；± 为到区间端点的最大相对距离。" +
			"p 值按 %s 校正（共 %d 个基准），α = %s；变化经 TOST 检验证明在 ±%s%% 以内的记为“等效”（即使它同时显著不为零）；只有显著且不能证明在该范围内的变化才记为“提升”或“退步”。",
		design:     "### 实验设计诊断",
		spreadCols: "模型|性能指标|调用间CV中位数(%)|调用内CV中位数(%)|倍数",
		spreadNote: "*调用间CV：同一基准同一取值的多次调用平均值之间的变异系数；调用内CV：单次调用内各次重复的 ±。倍数大于 1 说明单次调用的 ± 低估了真实噪声。*",
		aggLine:    "**汇总**：几何平均变化 %s（%s，%s，p=%s，校正后 p=%s，%d 个基准；提升 %d，退步 %d，等效 %d）→ **%s**",
		rowCols:    "大小|%s=%s|%s=%s|变化|校正后p|检验|结论",
		legend:     "*~ 表示校正后不显著；± 为 95% 置信区间（ʳ：样本太少，显示最小值–最大值范围；ᵗ：均值的 95% t 区间）；⚠：选项与运行顺序或测试会话混淆（见开头的警告）。*",
		legendText: "± 是 95% 置信区间（ʳ：最小值–最大值范围；ᵗ：均值的 95% t 区间）；⚠：与运行顺序或会话混淆。",
		footnotes:  "**注意**",
		diffCols:   "模型|性能指标|性能差异(%s)|差异百分比(%%)|CV差异(%%)|数据点数差|几何平均变化(95%% 区间)|校正后p|结论",
		verdict: map[result.Verdict]string{
			result.Improvement: "提升", result.Regression: "退步", result.Equivalent: "等效", result.Inconclusive: "无法判定",
			result.Unverified: "未验证", result.Untested: "未检验",
		},
		method: map[string]string{
			result.MethodUTest: "U检验", result.MethodWelch: "Welch t检验", result.MethodWelchSummary: "Welch t检验(均值±标准差)",
			result.MethodNone: "无", result.MethodWilcoxon: "对数比的 Wilcoxon 符号秩检验", result.MethodLogT: "对数比的 t 检验",
		},
		interval: map[string]string{
			result.IntervalBootstrap: "95% bootstrap 区间", result.IntervalT: "95% t 区间", result.IntervalCI: "95% 置信区间",
			result.IntervalRange: "范围", result.IntervalNone: "无区间",
		},
		correction:     map[string]string{"holm": "Holm", "bh": "Benjamini-Hochberg", "none": "不"},
		confoundedMark: "⚠",
		runOrder:       "%s：%s=%s 的所有调用%s都在 %s=%s 的所有调用%s之前运行：随时间的漂移与选项混淆，差异不能归因于选项。",
		session:        "%s=%s%s 与 %s=%s%s 在不同的运行（会话）中测得：变化与测试会话混淆，差异不能归因于选项。",
		remedy:         "补救：交替运行各取值（sweepstat run 默认如此），或分多轮交替运行，使漂移同样落在两个取值上。",
		noRows:         "（没有可比较的基准）",
	},
	English: {
		section: "## Significance",
		intro: "Each benchmark (model × phase × size) has one sample per invocation, its mean: the spread between invocations is usually larger than the ± within one, so the invocation is the unit of replication (see the table below). " +
			"Centers are medians (U-test, as benchstat) or means (Welch t-test); ± is the largest relative distance to an interval end. " +
			"p-values are adjusted with %s over %d benchmarks, α = %s; a change shown by TOST to lie within ±%s%% is \"equivalent\" (even when it is also significantly different from zero); only a significant change not shown to lie within it is an improvement or a regression.",
		design:     "### Design diagnostics",
		spreadCols: "Model|Phase|Median between-invocation CV (%)|Median within-invocation CV (%)|Ratio",
		spreadNote: "*Between: CV of the invocation means of one benchmark and value; within: the ± of one invocation over its repetitions. A ratio above 1 means one invocation's ± understates the real noise.*",
		aggLine:    "**Aggregate**: geometric mean change %s (%s, %s, p=%s, adjusted p=%s, %d benchmarks; %d improved, %d regressed, %d equivalent) → **%s**",
		rowCols:    "Size|%s=%s|%s=%s|Change|Adjusted p|Test|Verdict",
		legend:     "*~ means not significant after correction; ± is the 95% CI (ʳ: too few samples, the min–max range; ᵗ: 95% t-interval of the mean); ⚠: the option is confounded with run order or session (see the warning at the top).*",
		legendText: "± is the 95% CI (ʳ: the min–max range where there are too few samples for it; ᵗ: 95% t-interval of the mean); ⚠: confounded with run order or session.",
		footnotes:  "**Notes**",
		diffCols:   "Model|Phase|Speed difference (%s)|Difference (%%)|CV difference (%%)|Record count difference|Geomean change (95%% interval)|Adjusted p|Verdict",
		verdict: map[result.Verdict]string{
			result.Improvement: "improvement", result.Regression: "regression", result.Equivalent: "equivalent", result.Inconclusive: "inconclusive",
			result.Unverified: "unverified", result.Untested: "untested",
		},
		method: map[string]string{
			result.MethodUTest: "U-test", result.MethodWelch: "Welch t-test", result.MethodWelchSummary: "Welch t-test from mean±sd",
			result.MethodNone: "none", result.MethodWilcoxon: "Wilcoxon signed-rank test of log ratios", result.MethodLogT: "t-test of log ratios",
		},
		interval: map[string]string{
			result.IntervalBootstrap: "95% bootstrap CI", result.IntervalT: "95% t-interval", result.IntervalCI: "95% CI",
			result.IntervalRange: "range", result.IntervalNone: "no interval",
		},
		correction:     map[string]string{"holm": "Holm", "bh": "Benjamini-Hochberg", "none": "no correction"},
		confoundedMark: "⚠",
		runOrder:       "%s: all invocations of %s=%s%s ran before all of %s=%s%s: drift over time is confounded with the option, so the change cannot be put down to it.",
		session:        "%s=%s%s and %s=%s%s were measured in different runs (sessions): the change is confounded with the session, so it cannot be put down to the option.",
		remedy:         "Remedy: interleave the values (sweepstat run does by default) or alternate them in rounds, so that drift falls on both alike.",
		noRows:         "(no benchmarks to compare)",
	},
}

func (l Lang) sig() *sigText {
	if t, ok := sigTexts[l]; ok {
		return t
	}
	return sigTexts[Chinese]
}
