package chart

import (
	"image"
	"reflect"
	"sort"
	"testing"
	"unicode"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// labelStrings returns every string of lb: its string fields and the
// values of its maps.
func labelStrings(lb labels) []string {
	v := reflect.ValueOf(lb)
	var out []string
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			out = append(out, f.String())
		case reflect.Map: // in key order, for a deterministic test
			keys := f.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
			for _, k := range keys {
				out = append(out, f.MapIndex(k).String())
			}
		}
	}
	return out
}

func mustTheme(t testing.TB) *theme {
	t.Helper()
	th, err := loadTheme()
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// Every rune the charts print in their own words must be in the embedded
// font; font/mksubset.sh takes them from this package's source.
func TestLabelsInFont(t *testing.T) {
	th := mustTheme(t)
	han := 0
	texts := append(labelStrings(zhLabels()), labelStrings(enLabels())...)
	texts = append(texts, "…", "—")
	for _, s := range texts {
		for _, r := range s {
			if unicode.Is(unicode.Han, r) {
				han++
			}
			if !th.hasGlyphs(string(r)) {
				t.Errorf("embedded font has no glyph for %q in label %q", r, s)
			}
		}
	}
	if han < 20 {
		t.Errorf("Chinese labels have %d Han characters; the check above tested too little", han)
	}
	if th.hasGlyphs("가") {
		t.Errorf("font has Hangul 가; TestCJKGlyphsDrawn needs a missing rune")
	}
}

// renderText draws s in the chart font and returns the image.
func renderText(th *theme, s string) image.Image {
	c := vgimg.NewWith(vgimg.UseWH(px(160), px(60)), vgimg.UseDPI(dpi))
	dc := draw.New(c)
	dc.FillText(th.style(24), vg.Point{X: px(10), Y: px(15)}, s)
	return c.Image()
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// A font without CJK draws every Chinese character as the same empty box
// (.notdef): distinct characters drawing distinctly, and unlike a rune the
// font lacks, shows the glyphs are really there.
func TestCJKGlyphsDrawn(t *testing.T) {
	th := mustTheme(t)
	missingA, missingB := renderText(th, "가"), renderText(th, "나")
	if !sameImage(missingA, missingB) {
		t.Fatal("two missing runes draw differently; the test below cannot tell boxes from glyphs")
	}
	seen := map[rune]bool{}
	var prev image.Image
	for _, s := range labelStrings(zhLabels()) {
		for _, r := range s {
			if !unicode.Is(unicode.Han, r) || seen[r] {
				continue
			}
			seen[r] = true
			img := renderText(th, string(r))
			if sameImage(img, missingA) {
				t.Errorf("%q draws as the missing-glyph box", r)
			}
			if prev != nil && sameImage(img, prev) {
				t.Errorf("%q draws like the character before it", r)
			}
			prev = img
		}
	}
}
