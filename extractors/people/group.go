package people

import (
	"slices"
	"strings"

	"github.com/herald-news/herald/extractors/geo"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// entry is one person being assembled from the names of an article.
type entry struct {
	p      schema.Person
	toks   []string // folded words of the fullest name
	caps   bool     // the name so far is only written in capitals
	first  int      // offset of the first mention
	titles map[string]bool
	heads  map[string]bool // role words of the titles, for "the minister"
	intl   bool            // holds a post in an international body
	gender byte            // 'm', 'f' or 0 when the article does not show it
}

// Find returns the people of d, in the order the article first names them.
// Every mention of a person, under whatever form, is one of its Mentions.
func (r *Recognizer) Find(d *text.Doc) []schema.Person {
	ns := r.names(d)
	if len(ns) == 0 {
		return nil
	}
	inName := map[int][]bool{}
	for _, n := range ns {
		m := inName[n.sent]
		if m == nil {
			m = make([]bool, len(n.ws))
			inName[n.sent] = m
		}
		if n.last-n.first == 1 && geo.Known(n.ws[n.first].text) {
			// "Philippine" in "Philippine navy spokesman Rear Admiral
			// Ramon Lacson" is no name but the title's country.
			continue
		}
		for k := n.first; k < n.last; k++ {
			m[k] = true
		}
	}
	roles := make([]role, len(ns))
	for i, n := range ns {
		roles[i] = title(n, inName[n.sent])
	}
	var es []*entry
	owner := make([]*entry, len(ns))
	// The role words each person's full name is given with.
	fullHeads := map[*entry]map[string]bool{}
	fullGender := map[*entry]byte{}
	// Words the article writes in lower case.
	lower := map[string]bool{}
	for _, t := range d.Tokens {
		if noUpper(t.Text) {
			lower[t.Text] = true
		}
	}
	folded := make([][]string, len(ns))
	for i, n := range ns {
		folded[i] = fold(n.tokens())
	}
	aloneSurname := surnamesAlone(ns, folded)
	// Names of two words or more first: each is a person, unless it is a
	// longer or shorter form of one already seen ("George W. Bush").
	for i, n := range ns {
		toks := folded[i]
		if len(toks) < 2 || aloneSurname[i] {
			continue
		}
		mt := n.mention(d)
		var e *entry
		for _, x := range es {
			if sameName(x.toks, toks) {
				e = x
				break
			}
		}
		caps := allUpper(mt.Text)
		if e == nil && geo.Known(mt.Text) {
			continue // "Capitol Hill", "Al Qaeda"
		}
		if e == nil {
			e = &entry{p: schema.Person{Name: mt.Text}, toks: toks, caps: caps, first: mt.Start}
			es = append(es, e)
		} else if (len(toks) > len(e.toks) && (!caps || e.caps)) || (e.caps && !caps) {
			e.p.Name, e.toks, e.caps = mt.Text, toks, caps
		}
		owner[i] = e
		if g := gender(n, roles[i].title); g != 0 {
			fullGender[e] = g
		}
		for h := range headWords(roles[i].title) {
			if fullHeads[e] == nil {
				fullHeads[e] = map[string]bool{}
			}
			fullHeads[e][h] = true
		}
	}
	// One-word names and surnames alone ("bin Salman"): a surname or given
	// name of a person above, the one named nearest before (else after), or
	// a person of their own.
	for i, n := range ns {
		toks := folded[i]
		if owner[i] != nil || len(toks) != 1 && !aloneSurname[i] {
			continue
		}
		w := toks[0]
		mt := n.mention(d)
		// "President Obama" is not "the first lady, Michelle Obama".
		own := headWords(roles[i].title)
		g := gender(n, roles[i].title)
		clash := func(e *entry) bool {
			if g != 0 && fullGender[e] != 0 && g != fullGender[e] {
				return true // "Mr. Obama" is not Michelle Obama
			}
			if len(own) == 0 || len(fullHeads[e]) == 0 {
				return false
			}
			for h := range own {
				if fullHeads[e][h] {
					return false
				}
			}
			return true
		}
		var best *entry
		bestDist := 0
		for _, surname := range []bool{true, false} {
			for j, m := range ns {
				e := owner[j]
				if e == nil || len(e.toks) < 2 {
					continue
				}
				if surname && !endsWith(e.toks, toks) || !surname && (len(toks) > 1 || e.toks[0] != w) || clash(e) {
					continue
				}
				dist := mt.Start - m.mention(d).Start
				if dist < 0 {
					dist = -dist + len(d.Text) // prefer a mention before
				}
				if best == nil || dist < bestDist {
					best, bestDist = e, dist
				}
			}
			if best != nil {
				break
			}
		}
		if best == nil {
			for _, x := range es {
				if slices.Equal(x.toks, toks) {
					best = x
					break
				}
			}
		}
		if best == nil && len(toks) == 1 && (geo.Known(n.ws[n.first].text) || lower[w]) {
			// "Washington", "Kremlin", "Tajik" alone: no person; nor a
			// word the article writes in lower case ("Well", "Watch").
			continue
		}
		if best == nil {
			best = &entry{p: schema.Person{Name: mt.Text}, toks: toks, caps: allUpper(mt.Text), first: mt.Start}
			es = append(es, best)
		} else if len(best.toks) == 1 && best.caps && !allUpper(mt.Text) {
			best.p.Name, best.caps = mt.Text, false
		}
		owner[i] = best
	}
	// Mentions, titles and countries, in text order.
	titles := make([]string, len(ns))
	for i, n := range ns {
		e := owner[i]
		if e == nil {
			continue
		}
		e.p.Mentions = append(e.p.Mentions, n.mention(d))
		r := roles[i]
		t, c := r.title, r.country
		e.intl = e.intl || r.intl
		if cc, ok := counterpartCountry(n); ok {
			// "his Swedish counterpart": the title of the person named
			// before in the sentence.
			c = cc
			for j := i - 1; j >= 0 && ns[j].sent == n.sent; j-- {
				if titles[j] != "" {
					t = titles[j]
					break
				}
			}
		}
		titles[i] = t
		if g := gender(n, r.title); g != 0 && e.gender == 0 {
			e.gender = g
		}
		if c != "" && e.p.Country == "" {
			e.p.Country = c
		}
		if t != "" {
			e.addTitle(t)
		}
	}
	// Where the article gives no nationality, where the person spoke.
	for i, n := range ns {
		if e := owner[i]; e != nil && e.p.Country == "" && !e.intl {
			e.p.Country = placeCountry(n)
			if e.p.Country == "" {
				e.p.Country = ofCountry(n)
			}
			if e.p.Country == "" && len(e.p.Titles) > 0 {
				// An official speaks for the country their words report
				// on: "said Washington had notified ...".
				e.p.Country = reportedCountry(n)
			}
		}
	}
	titleMentions(d, es)
	pronounMentions(d, es)
	out := make([]schema.Person, 0, len(es))
	slices.SortStableFunc(es, func(a, b *entry) int { return a.first - b.first })
	for _, e := range es {
		slices.SortFunc(e.p.Mentions, func(a, b schema.Mention) int { return a.Start - b.Start })
		e.p.Gender = genderName(e.gender)
		out = append(out, e.p)
	}
	return out
}

func (e *entry) addTitle(t string) {
	k := titleKey.Replace(strings.ToLower(t))
	if e.titles == nil {
		e.titles, e.heads = map[string]bool{}, map[string]bool{}
	}
	if e.titles[k] {
		return
	}
	e.titles[k] = true
	e.p.Titles = append(e.p.Titles, t)
	for _, w := range strings.Fields(strings.ToLower(t)) {
		if heads[w] && !honorifics[w] {
			e.heads[w] = true
		}
	}
}

// gender reads 'm' or 'f' from the honorific before a name ("Mr.",
// "Mrs.") or its title ("first lady", "spokesman"), or 0.
func gender(n name, title string) byte {
	if n.first > 0 {
		switch strings.ToLower(n.ws[n.first-1].text) {
		case "mr", "mr.", "sir", "lord", "mister":
			return 'm'
		case "mrs", "mrs.", "ms", "ms.", "miss", "dame", "madam":
			return 'f'
		}
	}
	for _, w := range strings.Fields(strings.ToLower(title)) {
		switch w {
		case "king", "prince", "emperor", "spokesman", "chairman", "congressman", "sultan", "emir":
			return 'm'
		case "lady", "queen", "princess", "empress", "spokeswoman", "chairwoman", "congresswoman":
			return 'f'
		}
	}
	return 0
}

// headWords returns the role words of a title, lower-cased.
func headWords(t string) map[string]bool {
	var out map[string]bool
	for _, w := range strings.Fields(strings.ToLower(t)) {
		if heads[w] && !honorifics[w] {
			if out == nil {
				out = map[string]bool{}
			}
			out[w] = true
		}
	}
	return out
}

// titleKey folds a title for comparison: "Under Secretary" and
// "Undersecretary" are one title.
var titleKey = strings.NewReplacer(" ", "", "-", "", ".", "")

// titleMentions ties "the minister", "the under secretary" to the person
// most recently named whose title holds that role word.
func titleMentions(d *text.Doc, es []*entry) {
	seen := mentionsInOrder(es)
	toks := d.Tokens
	for i := 0; i+1 < len(toks); i++ {
		if !strings.EqualFold(toks[i].Text, "the") {
			continue
		}
		// the [mods...] head, not followed by a name.
		j := i + 1
		for j < len(toks) && j-i <= 4 && mods[strings.ToLower(toks[j].Text)] && !heads[strings.ToLower(toks[j].Text)] {
			j++
		}
		if j >= len(toks) {
			continue
		}
		head := strings.ToLower(toks[j].Text)
		if !heads[head] || honorifics[head] {
			continue
		}
		// "the crown prince": the role is the last of its words.
		for j+1 < len(toks) && j-i < 5 && heads[strings.ToLower(toks[j+1].Text)] {
			j++
			head = strings.ToLower(toks[j].Text)
		}
		if j+1 < len(toks) && text.IsCapitalized(toks[j+1].Text) {
			continue // "the Foreign Minister Sergei Lavrov": a title, not a mention
		}
		start, end := toks[i].Start, toks[j].End
		var who *entry
		for _, s := range seen {
			if s.start >= start {
				break
			}
			if s.e.heads[head] {
				who = s.e
			}
		}
		if who == nil {
			continue
		}
		who.p.Mentions = append(who.p.Mentions, schema.Mention{Text: d.Text[start:end], Start: start, End: end})
		i = j
	}
}

// mentionAt is a mention of a person, by the offset it starts at.
type mentionAt struct {
	start int
	e     *entry
}

// mentionsInOrder lists the mentions of es in text order.
func mentionsInOrder(es []*entry) []mentionAt {
	var ms []mentionAt
	for _, e := range es {
		for _, m := range e.p.Mentions {
			ms = append(ms, mentionAt{m.Start, e})
		}
	}
	slices.SortFunc(ms, func(a, b mentionAt) int { return a.start - b.start })
	return ms
}

// surnamesAlone marks the names that are a surname opening with a particle
// and the end of a fuller name of the article ("bin Salman", "Von der
// Leyen" beside "Ursula von der Leyen"): they are grouped as surnames, not
// as full names of their own. "Al Gore" alone is a full name. folded[i] is
// fold of ns[i]'s words.
func surnamesAlone(ns []name, folded [][]string) []bool {
	out := make([]bool, len(ns))
	for i, n := range ns {
		if n.last-n.first < 2 || !text.IsNameParticle(strings.ToLower(n.ws[n.first].text)) {
			continue
		}
		for _, full := range folded {
			if endsWith(full, folded[i]) {
				out[i] = true
				break
			}
		}
	}
	return out
}

// endsWith reports a name whose last words are the words of s, and more.
func endsWith(name, s []string) bool {
	return len(name) > len(s) && slices.Equal(name[len(name)-len(s):], s)
}

// fold lower-cases the words of a name and drops full stops and a
// generational suffix ("Jr.", "III").
func fold(ws []string) []string {
	out := make([]string, 0, len(ws))
	for i, w := range ws {
		w = strings.ToLower(strings.ReplaceAll(w, ".", ""))
		if i > 0 && i == len(ws)-1 && suffixes[w] {
			break
		}
		if w != "" && w != "," {
			out = append(out, w)
		}
	}
	return out
}

var suffixes = setOf("jr", "sr", "ii", "iii", "iv")

// sameName reports two forms of one name: the same surname and the same
// given name or initial ("George W. Bush", "George Bush", "G. Bush").
func sameName(a, b []string) bool {
	if a[len(a)-1] != b[len(b)-1] {
		return false
	}
	x, y := a[0], b[0]
	return x == y || (len(x) == 1 && strings.HasPrefix(y, x)) || (len(y) == 1 && strings.HasPrefix(x, y))
}

func allUpper(s string) bool {
	return strings.ToUpper(s) == s && strings.ToLower(s) != s
}
