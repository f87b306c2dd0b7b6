package report

import "github.com/sweepstat/sweepstat/internal/stats"

// sigText holds the strings of the significance parts in one language.
type sigText struct {
	section, intro                      string
	design, spreadCols, spreadNote      string
	aggLine, rowCols, legend, footnotes string
	diffCols                            string
	verdict                             map[stats.Verdict]string
	test                                map[string]string
	correction                          map[string]string
	noRows                              string
}

var sigTexts = map[Lang]*sigText{
	Chinese: {
		section: "## 显著性分析",
		intro: "每个基准（模型 × 性能指标 × 大小）的样本是各次调用的平均值：调用之间的波动比单次调用内的 ± 大得多，调用才是真正的重复单位。" +
			"中心值为中位数（U检验，与 benchstat 相同）或均值（Welch t检验）；± 为到区间端点的最大相对距离。" +
			"p 值按 %s 校正（共 %d 个基准），α = %s；变化在 ±%s%% 以内且经 TOST 检验成立的记为“等效”。",
		design:     "### 实验设计诊断",
		spreadCols: "模型|性能指标|调用间CV中位数(%)|调用内CV中位数(%)|倍数",
		spreadNote: "*调用间CV：同一基准同一取值的多次调用平均值之间的变异系数；调用内CV：单次调用内各次重复的 ±。倍数大于 1 说明单次调用的 ± 低估了真实噪声。*",
		aggLine:    "**汇总**：几何平均变化 %s（%s，%s，p=%s，校正后 p=%s，%d 个基准；提升 %d，退步 %d，等效 %d）→ **%s**",
		rowCols:    "大小|%s=%s|%s=%s|变化|校正后p|检验|结论",
		legend:     "*~ 表示校正后不显著；± 为 95% 置信区间（ʳ：样本太少，显示最小值–最大值范围；ᵗ：均值的 95% t 区间）。*",
		footnotes:  "**注意**",
		diffCols:   "模型|性能指标|性能差异(%s)|差异百分比(%%)|CV差异(%%)|数据点数差|几何平均变化(95%% 区间)|校正后p|结论",
		verdict: map[stats.Verdict]string{
			stats.Improvement: "提升", stats.Regression: "退步", stats.Equivalent: "等效", stats.Inconclusive: "无法判定",
		},
		test: map[string]string{
			stats.UTest: "U检验", stats.WelchTest: "Welch t检验", stats.WelchSumTest: "Welch t检验(均值±标准差)", stats.NoTest: "无",
			stats.WilcoxonTest: "对数比的 Wilcoxon 符号秩检验", stats.LogTTest: "对数比的 t 检验",
		},
		correction: map[string]string{"holm": "Holm", "bh": "Benjamini-Hochberg", "none": "不"},
		noRows:     "（没有可比较的基准）",
	},
	English: {
		section: "## Significance",
		intro: "Each benchmark (model × phase × size) has one sample per invocation, its mean: the spread between invocations is much larger than the ± within one, so the invocation is the unit of replication. " +
			"Centers are medians (U-test, as benchstat) or means (Welch t-test); ± is the largest relative distance to an interval end. " +
			"p-values are adjusted with %s over %d benchmarks, α = %s; a change shown by TOST to lie within ±%s%% is \"equivalent\".",
		design:     "### Design diagnostics",
		spreadCols: "Model|Phase|Median between-invocation CV (%)|Median within-invocation CV (%)|Ratio",
		spreadNote: "*Between: CV of the invocation means of one benchmark and value; within: the ± of one invocation over its repetitions. A ratio above 1 means one invocation's ± understates the real noise.*",
		aggLine:    "**Aggregate**: geometric mean change %s (%s, %s, p=%s, adjusted p=%s, %d benchmarks; %d improved, %d regressed, %d equivalent) → **%s**",
		rowCols:    "Size|%s=%s|%s=%s|Change|Adjusted p|Test|Verdict",
		legend:     "*~ means not significant after correction; ± is the 95% CI (ʳ: too few samples, the min–max range; ᵗ: 95% t-interval of the mean).*",
		footnotes:  "**Notes**",
		diffCols:   "Model|Phase|Speed difference (%s)|Difference (%%)|CV difference (%%)|Record count difference|Geomean change (95%% interval)|Adjusted p|Verdict",
		verdict: map[stats.Verdict]string{
			stats.Improvement: "improvement", stats.Regression: "regression", stats.Equivalent: "equivalent", stats.Inconclusive: "inconclusive",
		},
		test: map[string]string{
			stats.UTest: "U-test", stats.WelchTest: "Welch t-test", stats.WelchSumTest: "Welch t-test from mean±sd", stats.NoTest: "none",
			stats.WilcoxonTest: "Wilcoxon signed-rank test of log ratios", stats.LogTTest: "t-test of log ratios",
		},
		correction: map[string]string{"holm": "Holm", "bh": "Benjamini-Hochberg", "none": "no correction"},
		noRows:     "(no benchmarks to compare)",
	},
}

func (l Lang) sig() *sigText {
	if t, ok := sigTexts[l]; ok {
		return t
	}
	return sigTexts[Chinese]
}

func (t *sigText) testName(s string) string {
	if n, ok := t.test[s]; ok {
		return n
	}
	return s
}
