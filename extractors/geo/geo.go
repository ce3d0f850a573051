// Package geo is herald's gazetteer of countries, places and organisations:
// every way news copy names a state ("Russia", "Russian", "Russians",
// "Russia's", "the Kremlin", "Moscow" as an actor), its capital and major
// cities, regions, and the international bodies, government agencies and
// news agencies that articles quote.
//
// The data are facts, kept in the embedded files under data/ (documented in
// docs/geo.md). The tables are built once, on first use; every lookup is a
// map access after a small normalisation, so it is cheap enough for the hot
// path of every extractor.
//
// Matching is tolerant of case, full stops, hyphens, diacritics, a leading
// "the" and a possessive ("U.S.", "US", "Russia's", "the Kremlin", "MOSCOW"),
// with two guards against common words: a query with no capital letter never
// matches ("male", "gulf", "us"), and an acronym matches only in capitals or,
// from four letters, as a capitalised word ("US" but not "Us"; "NATO" and
// "Nato").
package geo

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Place kinds.
const (
	KindCountry = "country"
	KindCity    = "city"
	KindRegion  = "region"
)

// Place is a country, city or region. Country is the country it lies in
// (itself, for a country); it is empty for a region that spans several
// ("Middle East", "Balkans").
type Place struct {
	Name    string
	Country string
	Kind    string
}

// Org is an organisation. Country is the state it belongs to, empty for an
// international body.
type Org struct {
	Name    string
	Country string
}

//go:embed data/*.tsv
var files embed.FS

// tables holds the lookups, built once by load.
type tables struct {
	country map[string]string // country name, alias, adjective or demonym -> country
	acro    map[string]string // country acronym, exact case -> country
	adj     map[string]string // country -> the adjective that names its institutions
	place   map[string]Place  // folded place name -> place
	capital map[string]bool   // folded names of capitals, which stand for their governments
	capOf   map[string]Place  // country -> its capital
	metonym map[string]string // building or seat of government -> country
	org     map[string]Org    // folded org name or alias -> org
	orgAcro map[string]Org    // org acronym, exact case -> org
}

var (
	loadOnce sync.Once
	tab      *tables
	loadErr  error
)

func get() *tables {
	loadOnce.Do(func() { tab, loadErr = load() })
	if loadErr != nil {
		// The data are embedded and checked by the tests; a failure here
		// is a build defect, not a run-time condition.
		panic("geo: " + loadErr.Error())
	}
	return tab
}

// Load builds the tables now rather than on first lookup, and reports a
// defect in the embedded data.
func Load() error {
	loadOnce.Do(func() { tab, loadErr = load() })
	return loadErr
}

// CountryOf names the country s stands for: a country's name or short form
// ("U.S.", "Britain"), its adjective or demonym ("Russian", "Americans",
// "Soviet"), a possessive ("Russia's"), a seat of government ("Kremlin",
// "White House", "Downing Street"), a capital ("Moscow", "Washington"), or
// an organisation that belongs to one state ("State Department", "Russian
// Foreign Ministry"). Other cities are places, not actors: ask LookupPlace.
func CountryOf(s string) (string, bool) {
	t := get()
	q, ok := newQuery(s)
	if !ok {
		return "", false
	}
	if c, ok := acronymIn(q, t.acro); ok {
		return c, true
	}
	if c, ok := t.country[q.key]; ok {
		return c, true
	}
	if c, ok := t.metonym[q.key]; ok {
		return c, true
	}
	if p, ok := t.place[q.key]; ok && p.Kind == KindCity && t.capital[q.key] {
		return p.Country, true
	}
	if o, ok := t.lookupOrg(q, s); ok && o.Country != "" {
		return o.Country, true
	}
	return "", false
}

// LookupPlace finds a country, city or region by any of its names. A
// country's name wins over a city of the same name ("Singapore",
// "Luxembourg"); a country's adjective is not a place.
func LookupPlace(s string) (Place, bool) {
	t := get()
	q, ok := newQuery(s)
	if !ok {
		return Place{}, false
	}
	if c, ok := acronymIn(q, t.acro); ok {
		return Place{Name: c, Country: c, Kind: KindCountry}, true
	}
	p, ok := t.place[q.key]
	return p, ok
}

// LookupOrg finds an organisation by name or acronym ("NATO", "State
// Department", "RFE/RL"), or builds one from a country and a state
// institution: "Russian Foreign Ministry", "Russia's Defense Ministry" (named
// "Russian Defense Ministry"), "the Ukrainian government", "Ministry of
// Foreign Affairs of Ukraine".
func LookupOrg(s string) (Org, bool) {
	t := get()
	q, ok := newQuery(s)
	if !ok {
		return Org{}, false
	}
	return t.lookupOrg(q, s)
}

// Known reports a name the gazetteer knows as a place, a nation or an
// organisation: "Washington", "Kremlin", "Russian", "NATO".
func Known(s string) bool {
	if _, ok := LookupPlace(s); ok {
		return true
	}
	if _, ok := CountryOf(s); ok {
		return true
	}
	_, ok := LookupOrg(s)
	return ok
}

// Capital gives the capital of a country named as CountryOf names it
// ("Iran" gives Tehran), where its government and parliament sit.
func Capital(country string) (Place, bool) {
	p, ok := get().capOf[country]
	return p, ok
}

// Adjective returns the word that names a country's institutions ("Russian"
// for Russia, "U.S." for the United States), or "" for an unknown country.
func Adjective(country string) string { return get().adj[country] }

func (t *tables) lookupOrg(q query, s string) (Org, bool) {
	if o, ok := acronymIn(q, t.orgAcro); ok {
		return o, true
	}
	if o, ok := t.org[q.key]; ok {
		return o, true
	}
	return t.institution(s)
}

// institution recognises "<country> <institution>", "<country>'s
// <institution>" and "<institution> of <country>".
func (t *tables) institution(s string) (Org, bool) {
	s = strings.TrimSpace(s)
	s = trimThe(s)
	words := strings.Fields(s)
	if len(words) < 2 {
		return Org{}, false
	}
	// "<country> <institution>": try the longest country first.
	for n := min(len(words)-1, 5); n >= 1; n-- {
		head := strings.Join(words[:n], " ")
		tail := strings.Join(words[n:], " ")
		if !institutions[fold(tail)] {
			continue
		}
		possessive := hasPossessive(head)
		c, ok := CountryOf(head)
		if !ok || !isCountryForm(head) {
			continue
		}
		name := s
		if possessive {
			name = t.adj[c] + " " + tail
		}
		return Org{Name: name, Country: c}, true
	}
	// "<institution> of <country>".
	for i := 1; i < len(words)-1; i++ {
		if !strings.EqualFold(words[i], "of") {
			continue
		}
		if !institutions[fold(strings.Join(words[:i], " "))] {
			continue
		}
		rest := strings.Join(words[i+1:], " ")
		if c, ok := CountryOf(rest); ok && isCountryForm(rest) {
			return Org{Name: s, Country: c}, true
		}
	}
	return Org{}, false
}

// isCountryForm reports whether s names a country by its name or adjective,
// rather than by a capital, seat or organisation: "Moscow Foreign Ministry"
// is no institution's name.
func isCountryForm(s string) bool {
	t := get()
	q, ok := newQuery(s)
	if !ok {
		return false
	}
	if _, ok := acronymIn(q, t.acro); ok {
		return true
	}
	_, ok = t.country[q.key]
	return ok
}

// institutions are the state bodies a country's name or adjective can
// head, folded.
var institutions = map[string]bool{}

func init() {
	for _, s := range []string{
		"Foreign Ministry", "Ministry of Foreign Affairs", "Foreign Affairs Ministry",
		"Defense Ministry", "Defence Ministry", "Ministry of Defense", "Ministry of Defence",
		"Interior Ministry", "Ministry of Interior", "Ministry of the Interior",
		"Justice Ministry", "Ministry of Justice", "Finance Ministry", "Ministry of Finance",
		"Economy Ministry", "Economic Ministry", "Ministry of Economy", "Energy Ministry", "Ministry of Energy",
		"Emergencies Ministry", "Emergency Situations Ministry", "Health Ministry", "Ministry of Health",
		"Trade Ministry", "Ministry of Trade", "Foreign Office", "Defense Department", "Defence Department",
		"Embassy", "Consulate", "Mission", "Permanent Mission", "delegation", "Delegation",
		"Government", "Cabinet", "Presidency", "Presidential Administration", "Parliament",
		"Army", "Navy", "Air Force", "Air Forces", "Aerospace Forces", "Armed Forces", "Military",
		"General Staff", "Defense Forces", "Defence Forces", "Coast Guard", "Border Guard Service",
		"Strategic Rocket Forces", "Security Council", "National Security Council",
		"Supreme Court", "Constitutional Court", "Central Bank", "National Bank",
		"Foreign Intelligence Service", "Intelligence", "Intelligence Service", "Security Service",
		"Space Agency", "Atomic Energy Agency", "Atomic Energy Commission", "Nuclear Agency",
		"Investigative Committee", "Prosecutor General's Office", "Prosecutor-General's Office",
		"Central Election Commission", "Election Commission", "Navy Fleet", "Northern Fleet", "Black Sea Fleet",
		"Pacific Fleet", "Baltic Fleet",
	} {
		institutions[fold(s)] = true
	}
}

// query is a normalised lookup string.
type query struct {
	key   string // folded: lower case, no full stops, hyphens as spaces, no diacritics, no leading "the", no possessive
	acro  string // the string without full stops, spaces trimmed, case kept
	title bool   // acro is a capitalised word of four letters or more ("Nato")
}

func newQuery(s string) (query, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 || !hasUpper(s) {
		return query{}, false
	}
	s = trimThe(s)
	s = trimPossessive(s)
	a := strings.ReplaceAll(s, ".", "")
	q := query{key: fold(s), acro: a}
	if a != "" {
		r, n := utf8.DecodeRuneInString(a)
		rest := a[n:]
		q.title = unicode.IsUpper(r) && utf8.RuneCountInString(a) >= 4 && strings.ToLower(rest) == rest &&
			!strings.ContainsAny(a, " -/")
	}
	return q, true
}

// acronym looks q up in a table of acronyms keyed in their own case, and
// a capitalised word of four letters or more ("Nato") by its capitals.
func acronymIn[V any](q query, m map[string]V) (V, bool) {
	if v, ok := m[q.acro]; ok {
		return v, true
	}
	if q.title {
		v, ok := m[strings.ToUpper(q.acro)]
		return v, ok
	}
	var zero V
	return zero, false
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func trimThe(s string) string {
	if len(s) > 4 && (strings.HasPrefix(s, "the ") || strings.HasPrefix(s, "The ") || strings.HasPrefix(s, "THE ")) {
		return strings.TrimSpace(s[4:])
	}
	return s
}

func hasPossessive(s string) bool { return trimPossessive(s) != s }

// trimPossessive drops "'s" and a bare trailing apostrophe ("Russia's",
// "Russians'"), with straight or curly apostrophes.
func trimPossessive(s string) string {
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			return s[:len(s)-len(suf)]
		}
	}
	for _, suf := range []string{"'", "’"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}

// fold lower-cases s, drops full stops, commas and diacritics, turns
// hyphens, slashes and curly apostrophes into their plain forms, and
// collapses spaces.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	for _, r := range s {
		switch {
		case r == '.' || r == ',' || unicode.Is(unicode.Mn, r):
			continue
		case r == '-' || r == '‐' || r == '–' || unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case r == '’' || r == '‘':
			r = '\''
		}
		b.WriteRune(unicode.ToLower(r))
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// isAcronym reports a name that must be matched in its own case: one word
// with no lower-case letter ("NATO", "U.S.", "G7", "RFE/RL"), a short mixed
// one ("DoD", "MoD") or an all lower-case one ("dpa").
func isAcronym(s string) bool {
	if strings.ContainsAny(s, " -") {
		return false
	}
	a := strings.ReplaceAll(s, ".", "")
	lower, upper := 0, 0
	for _, r := range a {
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r):
			upper++
		}
	}
	switch {
	case upper > 0 && lower == 0:
		return true
	case upper == 0 && lower > 0:
		return true
	case utf8.RuneCountInString(a) <= 4 && upper > 1:
		return true
	}
	return false
}

// load reads the embedded tables.
func load() (*tables, error) {
	t := &tables{
		country: map[string]string{}, acro: map[string]string{}, adj: map[string]string{},
		place: map[string]Place{}, capital: map[string]bool{}, capOf: map[string]Place{}, metonym: map[string]string{},
		org: map[string]Org{}, orgAcro: map[string]Org{},
	}
	if err := t.loadCountries(); err != nil {
		return nil, err
	}
	if err := t.loadPlaces(); err != nil {
		return nil, err
	}
	if err := t.loadMetonyms(); err != nil {
		return nil, err
	}
	if err := t.loadOrgs(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *tables) loadCountries() error {
	var plurals [][2]string
	err := eachRow("data/countries.tsv", 4, func(f []string) error {
		name := f[0]
		if _, dup := t.country[fold(name)]; dup {
			return fmt.Errorf("country %q listed twice", name)
		}
		names := append([]string{name}, split(f[1])...)
		for _, n := range names {
			claim(t.acro, t.country, n, name)
			t.addPlace(n, Place{Name: name, Country: name, Kind: KindCountry}, true)
		}
		adjs := split(f[2])
		if len(adjs) > 0 {
			t.adj[name] = adjs[0]
		} else {
			t.adj[name] = name
		}
		for _, a := range adjs {
			claim(t.acro, t.country, a, name)
			if !isAcronym(a) && !strings.HasSuffix(a, "s") && !strings.HasSuffix(a, "ese") {
				plurals = append(plurals, [2]string{a + "s", name})
			}
		}
		caps := split(f[3])
		if len(caps) > 0 {
			t.capOf[name] = Place{Name: caps[0], Country: name, Kind: KindCity}
		}
		for _, c := range caps {
			t.addPlace(c, Place{Name: caps[0], Country: name, Kind: KindCity}, false)
			if k := fold(trimThe(c)); t.place[k].Kind == KindCity {
				t.capital[k] = true
			}
		}
		return nil
	})
	// Plural demonyms ("Russians", "Afghans") where no name has the form.
	for _, p := range plurals {
		if _, ok := t.country[fold(p[0])]; !ok {
			t.country[fold(p[0])] = p[1]
		}
	}
	return err
}

// claim records v under the name s unless the name is taken: an acronym in
// acro, in its own case without full stops, any other name folded in names.
func claim[V any](acro, names map[string]V, s string, v V) {
	m, k := names, ""
	if isAcronym(s) {
		m, k = acro, strings.ReplaceAll(s, ".", "")
	} else {
		k = fold(trimThe(s))
	}
	if _, taken := m[k]; !taken {
		m[k] = v
	}
}

// addPlace records s as a name of p; the first place to claim a name keeps
// it, unless over is set (countries win over cities).
func (t *tables) addPlace(s string, p Place, over bool) {
	if isAcronym(s) {
		return // countries' acronyms are answered from t.acro
	}
	k := fold(trimThe(s))
	if _, ok := t.place[k]; ok && !over {
		return
	}
	t.place[k] = p
}

func (t *tables) loadPlaces() error {
	return eachRow("data/places.tsv", 4, func(f []string) error {
		kind := f[1]
		if kind != KindCity && kind != KindRegion {
			return fmt.Errorf("place %q: unknown kind %q", f[0], kind)
		}
		if f[2] != "" {
			if _, ok := t.adj[f[2]]; !ok {
				return fmt.Errorf("place %q: unknown country %q", f[0], f[2])
			}
		}
		p := Place{Name: f[0], Country: f[2], Kind: kind}
		for _, n := range append([]string{f[0]}, split(f[3])...) {
			k := fold(trimThe(n))
			if old, ok := t.place[k]; ok {
				if old.Kind == KindCountry || t.capital[k] {
					continue // "Singapore" stays a country; "Minsk" stays a capital
				}
			}
			t.place[k] = p
		}
		return nil
	})
}

func (t *tables) loadMetonyms() error {
	return eachRow("data/metonyms.tsv", 3, func(f []string) error {
		if _, ok := t.adj[f[1]]; !ok {
			return fmt.Errorf("metonym %q: unknown country %q", f[0], f[1])
		}
		for _, n := range append([]string{f[0]}, split(f[2])...) {
			t.metonym[fold(trimThe(n))] = f[1]
		}
		return nil
	})
}

func (t *tables) loadOrgs() error {
	return eachRow("data/orgs.tsv", 3, func(f []string) error {
		if f[1] != "" {
			if _, ok := t.adj[f[1]]; !ok {
				return fmt.Errorf("org %q: unknown country %q", f[0], f[1])
			}
		}
		o := Org{Name: f[0], Country: f[1]}
		for _, n := range append([]string{f[0]}, split(f[2])...) {
			claim(t.orgAcro, t.org, n, o)
		}
		return nil
	})
}

// eachRow calls fn with the tab-separated fields of every row of an embedded
// file, skipping comments and blank lines.
func eachRow(name string, cols int, fn func([]string) error) error {
	f, err := files.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		fields := strings.Split(s, "\t")
		if len(fields) != cols {
			return fmt.Errorf("%s:%d: %d fields, want %d", name, line, len(fields), cols)
		}
		if err := fn(fields); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	return sc.Err()
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
