package geo

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// conllEntities reads the entities of a CoNLL-2003 file (IOB1): text and
// type.
func conllEntities(path string) ([][2]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][2]string
	var cur []string
	typ := ""
	flush := func() {
		if len(cur) > 0 {
			out = append(out, [2]string{strings.Join(cur, " "), typ})
		}
		cur, typ = nil, ""
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || fields[0] == "-DOCSTART-" {
			flush()
			continue
		}
		tag := fields[3]
		if tag == "O" {
			flush()
			continue
		}
		t := tag[2:]
		if strings.HasPrefix(tag, "B-") || t != typ {
			flush()
		}
		typ = t
		cur = append(cur, fields[0])
	}
	flush()
	return out, sc.Err()
}

// TestCoNLLCoverage measures how much of CoNLL-2003's development set the
// gazetteer knows: locations it places, organisations it names, nationality
// words (MISC) it gives a country, and people it wrongly takes for a place,
// a country or an organisation. It logs figures and asserts floors.
// go test -run TestCoNLLCoverage -v ./extractors/geo/
func TestCoNLLCoverage(t *testing.T) {
	path := "../../../shared/data/conll2003/eng.testa"
	ents, err := conllEntities(path)
	if err != nil {
		t.Skipf("CoNLL-2003 development set not found beside the project: %v", err)
	}
	type tally struct{ n, hit int }
	byType := map[string]*tally{}
	missed := map[string]int{}
	var perHits []string
	for _, e := range ents {
		s, typ := e[0], e[1]
		tl := byType[typ]
		if tl == nil {
			tl = &tally{}
			byType[typ] = tl
		}
		tl.n++
		_, place := LookupPlace(s)
		_, country := CountryOf(s)
		_, org := LookupOrg(s)
		hit := false
		switch typ {
		case "LOC":
			hit = place || country
		case "ORG":
			hit = org
		case "MISC":
			hit = country
		case "PER":
			hit = place || country || org
			if hit {
				perHits = append(perHits, s)
			}
		}
		if hit {
			tl.hit++
		} else if typ == "LOC" {
			missed[s]++
		}
	}
	for _, typ := range []string{"LOC", "ORG", "MISC", "PER"} {
		tl := byType[typ]
		if tl == nil {
			continue
		}
		t.Logf("%-4s %5d mentions, %5d known to geo (%.1f%%)", typ, tl.n, tl.hit, 100*float64(tl.hit)/float64(tl.n))
	}
	var top []string
	for s := range missed {
		top = append(top, s)
	}
	sort.Slice(top, func(i, j int) bool {
		return missed[top[i]] > missed[top[j]] || missed[top[i]] == missed[top[j]] && top[i] < top[j]
	})
	if len(top) > 25 {
		top = top[:25]
	}
	var b strings.Builder
	for _, s := range top {
		fmt.Fprintf(&b, "%s (%d), ", s, missed[s])
	}
	t.Logf("most frequent unknown locations: %s", b.String())
	t.Logf("people taken for places, countries or organisations: %v", perHits)
	if loc := byType["LOC"]; loc != nil && float64(loc.hit) < 0.6*float64(loc.n) {
		t.Errorf("only %d of %d locations known", loc.hit, loc.n)
	}
	if per := byType["PER"]; per != nil && float64(len(perHits)) > 0.02*float64(per.n) {
		t.Errorf("%d of %d people taken for places or organisations", len(perHits), per.n)
	}
}
