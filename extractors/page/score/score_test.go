package score

import (
	"math"
	"testing"
)

func TestMatch(t *testing.T) {
	gold := "one two three four five six"
	if s := Match(gold, gold, 4); s.Precision() != 1 || s.Recall() != 1 {
		t.Errorf("identical: %+v", s)
	}
	// Prediction has the gold's 3 shingles and 2 more of its own.
	s := Match(gold, gold+" seven eight", 4)
	if math.Abs(s.Precision()-0.6) > 1e-9 || s.Recall() != 1 {
		t.Errorf("extra: P=%f R=%f", s.Precision(), s.Recall())
	}
	if s := Match(gold, "", 4); s.Recall() != 0 || s.TP+s.FP != 0 {
		t.Errorf("empty: %+v", s)
	}
	// Short texts give one shorter shingle.
	if s := Match("a b", "a b", 4); s.TP != 1 {
		t.Errorf("short: %+v", s)
	}
	if got := Tokens("Don't stop—it's 5_000 km, Женева!"); len(got) != 8 || got[7] != "Женева" {
		t.Errorf("tokens %q", got)
	}
}

func TestMetricsSkipsEmptyPredictionsForPrecision(t *testing.T) {
	p, r, f := Metrics([]Shingle{Match("a b c d e", "a b c d e", 4), Match("a b c d e", "", 4)})
	if p != 1 || r != 0.5 || math.Abs(f-2.0/3) > 1e-9 {
		t.Errorf("P=%f R=%f F=%f", p, r, f)
	}
}

func TestSnippets(t *testing.T) {
	tp, fn, fp, tn := Snippets("The talks\nended today.", []string{"talks ended", "absent"}, []string{"today", "menu"})
	if tp != 1 || fn != 1 || fp != 1 || tn != 1 {
		t.Errorf("%d %d %d %d", tp, fn, fp, tn)
	}
}
