package report

import (
	"regexp"
	"strings"
	"sync"

	"github.com/sweepstat/sweepstat/internal/result"
)

// A noteRule translates one kind of caveat, as the statistics word it in
// English (result.Row.Notes, Aggregate.Notes), into Chinese: re matches
// the whole English note; zh is its translation, with $1… for the
// groups.
type noteRule struct {
	re *regexp.Regexp
	zh string
}

// noteRules cover every caveat the statistics emit (internal/stats,
// internal/analysis, golang.org/x/perf/benchmath); TestChineseHasNoEnglish
// fails on a Chinese report holding one that is not covered. They are
// compiled on first use: most runs (check, English text) never need them.
var noteRules = sync.OnceValue(func() []noteRule {
	rules := []struct{ en, zh string }{
		{`only n=(\S+) invocations per side: Welch t-test used; more invocations needed for a distribution-free test`,
			`每侧只有 n=$1 次运行：改用 Welch t 检验；需要更多次运行才能用不依赖分布的检验`},
		{`only n=(\S+) samples: cannot test a single sample`, `只有 n=$1 个样本：单个样本无法检验`},
		{`only n=(\S+) samples: cannot test equivalence`, `只有 n=$1 个样本：无法检验等效`},
		{`ratio of the centers overflows float64: change undefined`, `中心值之比超出浮点范围：变化无定义`},
		{`base center is zero: ratio undefined`, `基准中心值为零：比值无定义`},
		{`base mean is zero: relative margin undefined`, `基准均值为零：相对容差无定义`},
		{`spread below the data's resolution \((\S+)\): the standard deviation is taken as at least (\S+) \(the rounding error of that step, (\S+)/√12\)`,
			`波动小于数据的精度（$1）：标准差按至少 $2 计（该步长的舍入误差，$3/√12）`},
		{`need (\S+) (\d+) samples for confidence interval at level (\S+): showing the range of n=(\d+) instead`,
			`置信水平 $3 的区间需要 $1 $2 个样本：改为显示 n=$4 的范围`},
		{`need (\S+) (\d+) samples for confidence interval at level (\S+)`, `置信水平 $3 的区间需要 $1 $2 个样本`},
		{`(?:Welch t-test: )?need (\S+) (\d+) samples to detect a difference at alpha level (\S+)`, `在 α=$3 水平上检出差异需要 $1 $2 个样本`},
		{`(?:Welch t-test: )?all samples are equal`, `所有样本都相等`},
		{`exact distribution expected, but values range from (\S+) to (\S+)`, `应为精确分布，但数值范围为 $1 到 $2`},
		{`Welch t-test from mean±sd: both sides have zero variance`, `Welch t 检验（均值±标准差）：两侧方差均为零`},
		{`only one benchmark: cannot test or bound the aggregate`, `只有一个基准：无法检验或给出汇总区间`},
		{`only (\d+) benchmarks: t-test of log ratios used \(a signed-rank test cannot go below p=(\S+)\)`,
			`只有 $1 个基准：改用对数比的 t 检验（符号秩检验的 p 不可能低于 $2）`},
		{`unit "(.*)" has no known direction: no verdict; say which way is better with the benchmark-format line "(.*)" \(or better=lower\)`,
			`单位 "$1" 方向未知：不下结论；请用基准格式的元数据行 "$2"（或 better=lower）说明哪个方向更好`},
		{`(\d+) vs (\d+) invocations: their (\d+) vs (\d+) repetitions are the samples, so run-to-run drift is not covered; run at least 2 invocations per side`,
			`$1 对 $2 次运行：以其 $3 对 $4 次重复为样本，未覆盖运行之间的漂移；请每侧至少运行 2 次`},
		{`one invocation per side, only mean ± std known: Welch t-test from mean±sd over (\d+) vs (\d+) repetitions; run-to-run drift is not covered`,
			`每侧只有一次运行，只知均值 ± 标准差：按 $1 对 $2 次重复做 Welch t 检验（均值±标准差）；未覆盖运行之间的漂移`},
		{`n=(\S+): no test possible; run more invocations`, `n=$1：无法检验；请增加运行次数`},
		{`unit "(.*)" has no known direction; add the line "(.*)" \(or lower\)`, `单位 "$1" 方向未知；请加上元数据行 "$2"（或 lower）`},
		{`one invocation per side: run-to-run drift not covered, held to the noise margin`, `每侧只有一次运行：未覆盖运行之间的漂移，按噪声容差判定`},
		{`every benchmark was measured in one invocation per side: run-to-run drift is not covered; run at least 2 invocations per side`,
			`每个基准每侧只运行了一次：未覆盖运行之间的漂移；请每侧至少运行 2 次`},
	}
	out := make([]noteRule, len(rules))
	for i, r := range rules {
		out[i] = noteRule{regexp.MustCompile(`^` + r.en + `$`), r.zh}
	}
	return out
})

// noteText is a caveat in lang: as it is in English, translated in
// Chinese. A note no rule covers stays as it is.
func noteText(msg string, lang Lang) string {
	if lang != Chinese && lang != "" {
		return msg
	}
	for _, r := range noteRules() {
		if r.re.MatchString(msg) {
			return r.re.ReplaceAllString(msg, r.zh)
		}
	}
	return msg
}

// notesIn returns notes in lang.
func notesIn(notes []string, lang Lang) []string {
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = noteText(n, lang)
	}
	return out
}

// untranslated returns the notes of c that no rule translates (for tests).
func untranslated(c *result.Comparison) []string {
	var out []string
	check := func(ns []string) {
		for _, n := range ns {
			if noteText(n, Chinese) == n && strings.ContainsAny(n, "abcdefghijklmnopqrstuvwxyz") {
				out = append(out, n)
			}
		}
	}
	for _, r := range c.Rows {
		check(r.Notes)
	}
	for _, a := range c.Aggregates {
		check(a.Notes)
	}
	return out
}
