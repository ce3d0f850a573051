// Package goldmatch scores an annotated document against a hand-annotated
// gold file (*.gold.json), with the matching rules of the extraction
// contract's "Gold files" section and, for events, the rule documented in
// docs/events.md. `herald eval gold` and the events package's tests share it.
package goldmatch

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/herald-news/herald/extractors/geo"
	"github.com/herald-news/herald/extractors/schema"
)

// Gold is one hand-annotated article.
type Gold struct {
	ID             string `json:"id"`
	File           string `json:"file"`
	Note           string `json:"note,omitempty"`
	Published      string `json:"published"`
	OriginalSource string `json:"original_source,omitempty"`

	People           []Name  `json:"people"`
	OptionalPeople   []Name  `json:"optional_people,omitempty"`
	Treaties         []Name  `json:"treaties"`
	OptionalTreaties []Name  `json:"optional_treaties,omitempty"`
	Dates            []Date  `json:"dates"`
	OptionalDates    []Date  `json:"optional_dates,omitempty"`
	Quotes           []Quote `json:"quotes"`
	OptionalQuotes   []Quote `json:"optional_quotes,omitempty"`
	Events           []Event `json:"events"`
	OptionalEvents   []Event `json:"optional_events,omitempty"`
}

// Name is a gold person or treaty.
type Name struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Titles  []string `json:"titles,omitempty"`
	Country string   `json:"country,omitempty"`
	Year    int      `json:"year,omitempty"`
}

// Date is a gold temporal expression; it has no offsets, so it stands for
// every occurrence of Text.
type Date struct {
	Text  string `json:"text"`
	Value string `json:"value"`
	Type  string `json:"type,omitempty"`
}

// Quote is a gold quote.
type Quote struct {
	Text    string `json:"text"`
	Speaker string `json:"speaker"`
	Kind    string `json:"kind,omitempty"`
}

// Event is a gold event.
type Event struct {
	Type         string   `json:"type"`
	Label        string   `json:"label"`
	Date         string   `json:"date"`
	Location     string   `json:"location,omitempty"`
	Participants []string `json:"participants,omitempty"`
	People       []string `json:"people,omitempty"`
	Treaties     []string `json:"treaties,omitempty"`
	Planned      bool     `json:"planned,omitempty"`
}

// Parse reads a gold file's JSON.
func Parse(b []byte) (*Gold, error) {
	var g Gold
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("parse gold: %w", err)
	}
	return &g, nil
}

// Categories are the scored categories, in report order.
var Categories = []string{"people", "treaties", "dates", "quotes", "speakers", "events", "participants"}

// Count is one category's tally. Precision is TP/Pred, recall Hit/Gold:
// for dates and quote speakers a prediction and a gold entry are not paired
// one to one (see Score), so the two numerators may differ.
type Count struct {
	TP, Pred  int // predictions that match a gold entry; predictions counted
	Hit, Gold int // gold entries matched; gold entries
}

// Add adds o to c.
func (c *Count) Add(o Count) {
	c.TP += o.TP
	c.Pred += o.Pred
	c.Hit += o.Hit
	c.Gold += o.Gold
}

// P is the precision, 1 when nothing was predicted.
func (c Count) P() float64 { return ratio(c.TP, c.Pred) }

// R is the recall, 1 when there is no gold.
func (c Count) R() float64 { return ratio(c.Hit, c.Gold) }

// F1 is the harmonic mean of P and R.
func (c Count) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Result is the score of one document.
type Result struct {
	Counts map[string]*Count
	// Misses are gold entries nothing matched, Inventions predictions that
	// match no gold entry, each as "category: description".
	Misses, Inventions []string
}

func newResult() *Result {
	r := &Result{Counts: map[string]*Count{}}
	for _, c := range Categories {
		r.Counts[c] = &Count{}
	}
	return r
}

// Add adds o's counts and lists to r.
func (r *Result) Add(o *Result) {
	if r.Counts == nil {
		*r = *newResult()
	}
	for k, c := range o.Counts {
		if r.Counts[k] == nil {
			r.Counts[k] = &Count{}
		}
		r.Counts[k].Add(*c)
	}
	r.Misses = append(r.Misses, o.Misses...)
	r.Inventions = append(r.Inventions, o.Inventions...)
}

// Score compares doc with g.
//
//   - People and treaties pair one to one: a prediction matches a gold
//     entry when its name (for a treaty, its name or short form) equals the
//     gold name or one of its aliases after case and punctuation folding. A
//     second prediction of the same gold entry is an invention.
//   - Dates: gold dates carry no offsets, so a gold date stands for every
//     occurrence of its text. A predicted date is right when its span
//     overlaps such an occurrence and the values are equal; a gold date is
//     found when at least one prediction is right for it.
//   - Quotes pair one to one when their words overlap by at least half of
//     the longer of the two. A quote's speaker is right when it names the
//     gold speaker as people are matched; speakers are scored over the
//     paired quotes (precision over those with a predicted speaker, recall
//     over every gold quote).
//   - Events pair one to one when they have the same type, equal date values,
//     and a consistent place: see EventMatches.
//   - Participants are scored over the paired events whose gold lists any,
//     as sets of names: see ParticipantKey.
//
// A prediction that matches only an optional_* entry counts neither way.
func Score(g *Gold, doc *schema.Document) *Result {
	r := newResult()
	scorePeople(g, doc, r)
	scoreTreaties(g, doc, r)
	scoreDates(g, doc, r)
	scoreQuotes(g, doc, r)
	scoreEvents(g, doc, r)
	return r
}

// Fold lower-cases s, drops punctuation and possessive endings, and
// collapses spaces: "U.S." and "us" fold alike, as do "Sergei Lavrov" and
// "sergei lavrov".
func Fold(s string) string {
	s = strings.ReplaceAll(s, "’s ", " ")
	s = strings.ReplaceAll(s, "'s ", " ")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "’s"), "'s")
	var b strings.Builder
	space := false
	for _, c := range s {
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(c))
		case unicode.IsSpace(c) || c == '-' || c == '–' || c == '—' || c == '/':
			space = true
		}
	}
	return b.String()
}

// NameMatches reports whether the predicted name pred names gold.
func NameMatches(pred string, gold Name) bool {
	f := Fold(pred)
	if f == "" {
		return false
	}
	if f == Fold(gold.Name) {
		return true
	}
	for _, a := range gold.Aliases {
		if f == Fold(a) {
			return true
		}
	}
	return false
}

// pair matches predictions to gold entries one to one, greedily in order,
// and reports for each prediction the gold index it took (-1 for none) and
// whether it matched an optional entry.
func pair(nPred, nGold, nOpt int, match func(p, g int) bool, matchOpt func(p, o int) bool) (took []int, optional []bool) {
	used := make([]bool, nGold)
	took = make([]int, nPred)
	optional = make([]bool, nPred)
	for p := range nPred {
		took[p] = -1
		for g := range nGold {
			if !used[g] && match(p, g) {
				used[g], took[p] = true, g
				break
			}
		}
		if took[p] >= 0 {
			continue
		}
		for o := range nOpt {
			if matchOpt(p, o) {
				optional[p] = true
				break
			}
		}
	}
	return took, optional
}

func tally(c *Count, r *Result, cat string, took []int, optional []bool, nGold int, predDesc func(int) string, goldDesc func(int) string) {
	hit := make([]bool, nGold)
	for p, g := range took {
		switch {
		case g >= 0:
			c.TP++
			c.Pred++
			hit[g] = true
		case optional[p]:
		default:
			c.Pred++
			r.Inventions = append(r.Inventions, cat+": "+predDesc(p))
		}
	}
	c.Gold += nGold
	for g, h := range hit {
		if h {
			c.Hit++
		} else {
			r.Misses = append(r.Misses, cat+": "+goldDesc(g))
		}
	}
}

func scorePeople(g *Gold, doc *schema.Document, r *Result) {
	ps := doc.People
	took, opt := pair(len(ps), len(g.People), len(g.OptionalPeople),
		func(p, i int) bool { return NameMatches(ps[p].Name, g.People[i]) },
		func(p, o int) bool { return NameMatches(ps[p].Name, g.OptionalPeople[o]) })
	tally(r.Counts["people"], r, "people", took, opt, len(g.People),
		func(p int) string { return ps[p].Name },
		func(i int) string { return g.People[i].Name })
}

// TreatyMatches reports whether the predicted treaty t names gold, by its
// name or its short form.
func TreatyMatches(t schema.Treaty, gold Name) bool {
	return NameMatches(t.Name, gold) || (t.Short != "" && NameMatches(t.Short, gold))
}

func scoreTreaties(g *Gold, doc *schema.Document, r *Result) {
	ts := doc.Treaties
	took, opt := pair(len(ts), len(g.Treaties), len(g.OptionalTreaties),
		func(p, i int) bool { return TreatyMatches(ts[p], g.Treaties[i]) },
		func(p, o int) bool { return TreatyMatches(ts[p], g.OptionalTreaties[o]) })
	tally(r.Counts["treaties"], r, "treaties", took, opt, len(g.Treaties),
		func(p int) string { return ts[p].Name },
		func(i int) string { return g.Treaties[i].Name })
}

// occurrences gives the byte spans of every occurrence of sub in s, matched
// as a whole word where it begins and ends with a letter or digit.
func occurrences(s, sub string) []schema.Span {
	var out []schema.Span
	if sub == "" {
		return nil
	}
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			break
		}
		a, b := i+j, i+j+len(sub)
		if wordEdge(s, a, true) && wordEdge(s, b, false) {
			out = append(out, schema.Span{Start: a, End: b})
		}
		i = a + 1
	}
	return out
}

func wordEdge(s string, at int, start bool) bool {
	if start {
		if at == 0 {
			return true
		}
		return !isWordByte(s[at-1])
	}
	if at >= len(s) {
		return true
	}
	return !isWordByte(s[at])
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func dateMatches(text string, d schema.Date, gd Date) bool {
	if d.Value != gd.Value {
		return false
	}
	for _, o := range occurrences(text, gd.Text) {
		if d.Start < o.End && o.Start < d.End {
			return true
		}
	}
	return false
}

func scoreDates(g *Gold, doc *schema.Document, r *Result) {
	c := r.Counts["dates"]
	text := doc.Article.Text
	hit := make([]bool, len(g.Dates))
	for _, d := range doc.Dates {
		right := false
		for i, gd := range g.Dates {
			if dateMatches(text, d, gd) {
				hit[i], right = true, true
			}
		}
		if right {
			c.TP++
			c.Pred++
			continue
		}
		opt := false
		for _, gd := range g.OptionalDates {
			opt = opt || dateMatches(text, d, gd)
		}
		if !opt {
			c.Pred++
			r.Inventions = append(r.Inventions, fmt.Sprintf("dates: %q=%s at %d", d.Text, d.Value, d.Start))
		}
	}
	c.Gold += len(g.Dates)
	for i, h := range hit {
		if h {
			c.Hit++
		} else {
			r.Misses = append(r.Misses, fmt.Sprintf("dates: %q=%s", g.Dates[i].Text, g.Dates[i].Value))
		}
	}
}

// words splits s into folded words.
func words(s string) []string { return strings.Fields(Fold(s)) }

// QuoteMatches reports whether the quoted words of pred and gold overlap by
// at least half of the longer of the two.
func QuoteMatches(pred, gold string) bool {
	pw, gw := words(pred), words(gold)
	if len(pw) == 0 || len(gw) == 0 {
		return false
	}
	bag := map[string]int{}
	for _, w := range gw {
		bag[w]++
	}
	common := 0
	for _, w := range pw {
		if bag[w] > 0 {
			bag[w]--
			common++
		}
	}
	return 2*common >= max(len(pw), len(gw))
}

// speakerMatches reports whether pred names the gold speaker, a person of
// g (by name or alias) or an organisation or country (by folded name).
func speakerMatches(g *Gold, pred, gold string) bool {
	if pred == "" {
		return false
	}
	for _, p := range append(append([]Name{}, g.People...), g.OptionalPeople...) {
		if Fold(p.Name) == Fold(gold) {
			return NameMatches(pred, p)
		}
	}
	return Fold(pred) == Fold(gold)
}

func scoreQuotes(g *Gold, doc *schema.Document, r *Result) {
	qs := doc.Quotes
	took, opt := pair(len(qs), len(g.Quotes), len(g.OptionalQuotes),
		func(p, i int) bool { return QuoteMatches(qs[p].Text, g.Quotes[i].Text) },
		func(p, o int) bool { return QuoteMatches(qs[p].Text, g.OptionalQuotes[o].Text) })
	tally(r.Counts["quotes"], r, "quotes", took, opt, len(g.Quotes),
		func(p int) string { return fmt.Sprintf("%q", qs[p].Text) },
		func(i int) string { return fmt.Sprintf("%q", g.Quotes[i].Text) })

	s := r.Counts["speakers"]
	s.Gold += len(g.Quotes)
	for p, i := range took {
		if i < 0 || qs[p].Speaker == "" {
			continue
		}
		s.Pred++
		if speakerMatches(g, qs[p].Speaker, g.Quotes[i].Speaker) {
			s.TP++
			s.Hit++
		} else {
			r.Inventions = append(r.Inventions, fmt.Sprintf("speakers: %q said by %q, gold %q", short(qs[p].Text), qs[p].Speaker, g.Quotes[i].Speaker))
		}
	}
}

func short(s string) string {
	if w := strings.Fields(s); len(w) > 6 {
		return strings.Join(w[:6], " ") + " …"
	}
	return s
}

// EventMatches is the event rule of docs/events.md: a predicted event
// matches a gold one when
//
//   - the types are equal,
//   - the date values are equal (both absent counts as equal), and
//   - the place is consistent: the gold event names no place, or the
//     predicted location folds to the gold location, or the gold location
//     appears in the predicted label (a label such as "U.S. withdrawal from
//     the INF" carries no place and the gold leaves the location empty).
//
// Participants, people and treaties are not required; participants are
// scored on their own over the pairs this rule makes (scoreParticipants).
func EventMatches(e schema.Event, gold Event) bool {
	if e.Type != gold.Type {
		return false
	}
	v := ""
	if e.Date != nil {
		v = e.Date.Value
	}
	if v != gold.Date {
		return false
	}
	if gold.Location == "" {
		return true
	}
	gl := Fold(gold.Location)
	if e.Location != nil && Fold(e.Location.Name) == gl {
		return true
	}
	return strings.Contains(" "+Fold(e.Label)+" ", " "+gl+" ")
}

func scoreEvents(g *Gold, doc *schema.Document, r *Result) {
	es := doc.Events
	took, opt := pair(len(es), len(g.Events), len(g.OptionalEvents),
		func(p, i int) bool { return EventMatches(es[p], g.Events[i]) },
		func(p, o int) bool { return EventMatches(es[p], g.OptionalEvents[o]) })
	tally(r.Counts["events"], r, "events", took, opt, len(g.Events),
		func(p int) string { return describe(es[p]) },
		func(i int) string {
			e := g.Events[i]
			return fmt.Sprintf("%s %q date=%s loc=%s", e.Type, e.Label, e.Date, e.Location)
		})
	for p, i := range took {
		if i >= 0 {
			scoreParticipants(es[p], g.Events[i], r)
		}
	}
}

// ParticipantKey is the form a participant is compared in: the name
// herald's gazetteer (extractors/geo), which the extractor names actors
// with, gives the country or organisation, folded. "U.S.", "US" and "the
// United States" are one key, as are "NATO" and "North Atlantic Treaty
// Organization"; an organisation of one state ("Russian Foreign Ministry")
// keeps its own name, and a name the gazetteer does not know is only
// folded.
func ParticipantKey(name string) string {
	if pl, ok := geo.LookupPlace(name); ok && pl.Kind == geo.KindCountry {
		return Fold(pl.Name)
	}
	if o, ok := geo.LookupOrg(name); ok {
		return Fold(o.Name)
	}
	if c, ok := geo.CountryOf(name); ok {
		return Fold(c)
	}
	return Fold(name)
}

// participantSet gives the keys of names, each once, with the first name
// written for each.
func participantSet(names []string) (keys []string, written map[string]string) {
	written = map[string]string{}
	for _, n := range names {
		k := ParticipantKey(n)
		if k == "" {
			continue
		}
		if _, dup := written[k]; !dup {
			keys = append(keys, k)
			written[k] = n
		}
	}
	return keys, written
}

// scoreParticipants compares the participants of a predicted event and the
// gold event it paired with, as sets. A gold event that lists none is left
// out: the gold leaves the parties of background events unlisted (a
// multilateral signing, a review conference), so an empty list is no
// statement that there were none.
func scoreParticipants(e schema.Event, gold Event, r *Result) {
	gk, gw := participantSet(gold.Participants)
	if len(gk) == 0 {
		return
	}
	pk, pw := participantSet(e.Participants)
	c := r.Counts["participants"]
	label := fmt.Sprintf("%s %q", gold.Type, gold.Label)
	for _, k := range pk {
		c.Pred++
		if _, ok := gw[k]; ok {
			c.TP++
			c.Hit++
		} else {
			r.Inventions = append(r.Inventions, fmt.Sprintf("participants: %s in %s", pw[k], label))
		}
	}
	c.Gold += len(gk)
	for _, k := range gk {
		if _, ok := pw[k]; !ok {
			r.Misses = append(r.Misses, fmt.Sprintf("participants: %s in %s", gw[k], label))
		}
	}
}

func describe(e schema.Event) string {
	v, loc := "", ""
	if e.Date != nil {
		v = e.Date.Value
	}
	if e.Location != nil {
		loc = e.Location.Name
	}
	return fmt.Sprintf("%s %q date=%s loc=%s", e.Type, e.Label, v, loc)
}

// Oracle builds the annotations a perfect upstream would give for g's
// article text: people, treaties, dates and quotes placed at every
// occurrence of their gold forms. Scoring the events of an oracle document
// measures the event stage alone (`herald eval gold --oracle`).
func Oracle(g *Gold, a schema.Article) schema.Document {
	doc := schema.Document{Article: a}
	text := a.Text
	taken := make([]bool, len(text))
	place := func(forms []string) []schema.Mention {
		sort.SliceStable(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
		var ms []schema.Mention
		for _, f := range forms {
			for _, o := range occurrences(text, f) {
				free := true
				for i := o.Start; i < o.End; i++ {
					free = free && !taken[i]
				}
				if !free {
					continue
				}
				for i := o.Start; i < o.End; i++ {
					taken[i] = true
				}
				ms = append(ms, schema.Mention{Text: text[o.Start:o.End], Start: o.Start, End: o.End})
			}
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
		return ms
	}
	for _, p := range append(append([]Name{}, g.People...), g.OptionalPeople...) {
		doc.People = append(doc.People, schema.Person{Name: p.Name, Titles: p.Titles, Country: p.Country,
			Mentions: place(append([]string{p.Name}, p.Aliases...))})
	}
	for _, t := range append(append([]Name{}, g.Treaties...), g.OptionalTreaties...) {
		tr := schema.Treaty{Name: t.Name, Aliases: t.Aliases, Year: t.Year, Mentions: place(append([]string{t.Name}, t.Aliases...))}
		for _, al := range t.Aliases {
			if strings.ToUpper(al) == al || strings.Contains(al, "START") {
				tr.Short = al
				break
			}
		}
		doc.Treaties = append(doc.Treaties, tr)
	}
	clear(taken)
	ds := append(append([]Date{}, g.Dates...), g.OptionalDates...)
	// Longer forms first, so that "July 14" is placed before "July".
	sort.SliceStable(ds, func(i, j int) bool { return len(ds[i].Text) > len(ds[j].Text) })
	for _, d := range ds {
		typ := strings.ToUpper(d.Type)
		if typ == "" {
			typ = schema.TypeDate
		}
		for _, m := range place([]string{d.Text}) {
			doc.Dates = append(doc.Dates, schema.Date{Text: m.Text, Value: d.Value, Type: typ, Start: m.Start, End: m.End})
		}
	}
	sort.Slice(doc.Dates, func(i, j int) bool { return doc.Dates[i].Start < doc.Dates[j].Start })
	for _, q := range g.Quotes {
		i := strings.Index(text, q.Text)
		if i < 0 {
			continue
		}
		kind := q.Kind
		if kind == "" {
			kind = schema.KindDirect
		}
		doc.Quotes = append(doc.Quotes, schema.Quote{Text: q.Text, Speaker: q.Speaker, Kind: kind, Start: i, End: i + len(q.Text)})
	}
	sort.Slice(doc.Quotes, func(i, j int) bool { return doc.Quotes[i].Start < doc.Quotes[j].Start })
	return doc
}
