// Package people finds the people an article names, with their titles and
// country, and ties every later mention (surname only, possessive, title
// only) to the fullest form of the name.
//
// Names are found by herald's own tagger (internal/tagger): a two-pass
// averaged structured perceptron trained on CoNLL-2003, embedded as
// model.gz. The first pass tags each sentence; the second sees what the
// first found elsewhere in the article, so a surname tagged as a person once
// is a person throughout. Titles, countries and the grouping of mentions are
// rules over the tagged names (see docs/people.md).
package people

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/herald-news/herald/extractors/people/internal/tagger"
	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

//go:embed model.gz
var modelData []byte

var (
	loadOnce sync.Once
	model    *tagger.Tagger
	loadErr  error
)

// Recognizer finds people. It is safe for concurrent use.
type Recognizer struct {
	t *tagger.Tagger
}

// New loads the recogniser's model; the model is read once per process and
// shared by every Recognizer.
func New() (*Recognizer, error) {
	loadOnce.Do(func() {
		model, loadErr = tagger.Read(bytes.NewReader(modelData))
	})
	if loadErr != nil {
		return nil, fmt.Errorf("people: %w", loadErr)
	}
	return &Recognizer{t: model}, nil
}

// word is one token as the tagger sees it, with its place in the text.
type word struct {
	text       string // normalised: straight quotes, possessive split off
	start, end int
}

// words splits the sentences of d into the tagger's words: a possessive
// "'s" is a word of its own, as CoNLL writes it, and curly quotes are
// straightened.
func words(d *text.Doc) [][]word {
	out := make([][]word, 0, len(d.Sentences))
	for _, s := range d.Sentences {
		ws := make([]word, 0, s.Last-s.First+2)
		for k := s.First; k < s.Last; k++ {
			t := d.Tokens[k]
			w := t.Text
			switch w {
			case "“", "”", "„", "«", "»":
				ws = append(ws, word{`"`, t.Start, t.End})
				continue
			case "'", "‘", "’":
				// "Lavrov 's", as in text rebuilt from CoNLL's tokens.
				if k+1 < s.Last && d.Tokens[k+1].Text == "s" && d.Tokens[k+1].Start == t.End {
					ws = append(ws, word{"'s", t.Start, d.Tokens[k+1].End})
					k++
					continue
				}
				ws = append(ws, word{"'", t.Start, t.End})
				continue
			}
			if strings.ContainsRune(w, '’') {
				w = strings.ReplaceAll(w, "’", "'")
			}
			if n := len(w); n > 2 && (strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "'S")) {
				// The byte length of the suffix in the original text.
				suf := len(t.Text) - (n - 2)
				ws = append(ws, word{w[:n-2], t.Start, t.End - suf}, word{"'s", t.End - suf, t.End})
				continue
			}
			ws = append(ws, word{w, t.Start, t.End})
		}
		if len(d.Paragraphs) > 1 && s.End <= d.Paragraphs[0].End {
			titleCaseToUpper(ws) // the headline
		}
		// The segmenter ends a sentence at "U.S." before a capital; before
		// a title ("U.S. Undersecretary ...") the sentence goes on.
		if k := len(out) - 1; k >= 0 && len(ws) > 0 && endsAcronym(out[k]) && isTitleWord(ws[0].text) {
			out[k] = append(out[k], ws...)
			continue
		}
		out = append(out, ws)
	}
	return out
}

// titleCaseToUpper writes a headline in Title Case ("Lindsey Graham Says
// Trump Could Win") in capitals for the tagger, as CoNLL-2003 writes its
// headlines: in Title Case every word looks like a name. The first
// paragraph of an article is such a headline when it has four words of four
// letters or more and none of them starts in lower case.
func titleCaseToUpper(ws []word) {
	long := 0
	for _, w := range ws {
		if utf8.RuneCountInString(w.text) < 4 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w.text)
		if !unicode.IsLetter(r) {
			continue
		}
		if !unicode.IsUpper(r) {
			return
		}
		long++
	}
	if long < 4 {
		return
	}
	for i := range ws {
		ws[i].text = strings.ToUpper(ws[i].text)
	}
}

// endsAcronym reports a sentence whose last word is a dotted acronym
// ("U.S.", "U.N.").
func endsAcronym(ws []word) bool {
	if len(ws) == 0 {
		return false
	}
	w := ws[len(ws)-1].text
	return len(w) > 2 && strings.HasSuffix(w, ".") && strings.Contains(w[:len(w)-1], ".")
}

// Names returns the spans of d the tagger takes for people's names, in
// text order, before any grouping: what an evaluation against CoNLL's
// exact spans scores.
func (r *Recognizer) Names(d *text.Doc) []schema.Mention {
	var out []schema.Mention
	for _, n := range r.names(d) {
		out = append(out, n.mention(d))
	}
	return out
}

// name is one name the tagger found: words [first, last) of sentence sent.
type name struct {
	sent, first, last int
	ws                []word // the sentence's words
}

func (n name) mention(d *text.Doc) schema.Mention {
	a, b := n.ws[n.first].start, n.ws[n.last-1].end
	return schema.Mention{Text: d.Text[a:b], Start: a, End: b}
}

func (n name) tokens() []string {
	out := make([]string, 0, n.last-n.first)
	for _, w := range n.ws[n.first:n.last] {
		out = append(out, w.text)
	}
	return out
}

func (r *Recognizer) names(d *text.Doc) []name {
	ws := words(d)
	sents := make([]tagger.Sentence, len(ws))
	for i, s := range ws {
		sents[i].Words = make([]string, len(s))
		for k, w := range s {
			sents[i].Words[k] = w.text
		}
	}
	tags := r.t.TagDoc(sents)
	// Words the article writes in lower case.
	lower := map[string]bool{}
	for _, s := range ws {
		for _, w := range s {
			if noUpper(w.text) {
				lower[w.text] = true
			}
		}
	}
	var out []name
	things := map[string]bool{}
	for i, ts := range tags {
		var spans [][3]int
		for _, sp := range tagger.Spans(ts) {
			if sp[2] == 1 && sp[1]-sp[0] > 1 && titleStart(ws[i][sp[0]].text) && allCapitalised(ws[i][sp[0]+1:sp[1]]) {
				// "Presidents Yoon Suk Yeol" read as an organisation: a
				// title, then the name.
				sp = [3]int{sp[0] + 1, sp[1], 0}
			}
			if sp[2] != 0 { // PER
				continue
			}
			// "Mohammed bin Salman", "Ludwig van Beethoven": one name
			// that the tagger split at a particle.
			if k := len(spans) - 1; k >= 0 && spans[k][1]+1 == sp[0] && text.IsNameParticle(ws[i][sp[0]-1].text) {
				spans[k][1] = sp[1]
				continue
			}
			// "Abdel Fattah el-Sisi": a surname joined to its particle
			// that the tagger left out of the name.
			for sp[1] < len(ws[i]) && text.IsJoinedParticle(ws[i][sp[1]].text) {
				sp[1]++
			}
			spans = append(spans, sp)
		}
		for _, sp := range spans {
			n := name{sent: i, first: sp[0], last: sp[1], ws: ws[i]}
			// "Unlike Patriot, ...": a sentence's first word that the
			// article writes in lower case, and no given name, is no
			// part of the name.
			if k := n.first; n.last-k > 1 && (k == 0 || isQuote(ws[i][k-1].text)) {
				if w := ws[i][k].text; (lower[strings.ToLower(w)] || openerWords[strings.ToLower(w)]) && !r.t.IsGiven(w) {
					n.first++
				}
			}
			n, ok := clean(n)
			if ok {
				out = append(out, n)
			} else if n.last-n.first == 1 && followedByThing(n) {
				things[strings.ToLower(n.ws[n.first].text)] = true
			}
		}
	}
	// "three Patriot systems" makes Patriot a thing throughout the
	// article, as in "two more Patriot air defense systems".
	kept := out[:0]
	for _, n := range out {
		if n.last-n.first == 1 && things[strings.ToLower(n.ws[n.first].text)] {
			continue
		}
		kept = append(kept, n)
	}
	return particleSurnames(ws, kept)
}

// particleSurnames finds the later mentions of a surname that opens with a
// lower-case particle, as the article's full names write it ("al-Otaibi"
// of "Faisal al-Otaibi", "von der Leyen" of "Ursula von der Leyen"): the
// tagger, which reads a word in lower case as no name, misses "al-Otaibi
// said" and cuts "von der Leyen said" to "Leyen". A name that is the end
// of such a surname takes the particles written before it, and the whole
// surname written where no name was found is a name. Only the surnames of
// full names found in the article are read so: no other lower-case word
// becomes a name.
func particleSurnames(ws [][]word, ns []name) []name {
	var sns [][]string
	for _, n := range ns {
		if s := particleSurname(n); s != nil && !slices.ContainsFunc(sns, func(x []string) bool { return slices.Equal(x, s) }) {
			sns = append(sns, s)
		}
	}
	if len(sns) == 0 {
		return ns
	}
	inName := make([][]bool, len(ws))
	for i := range ns {
		n := &ns[i]
		for _, s := range sns {
			if k := len(s) - (n.last - n.first); k > 0 && n.first >= k && wordsAre(n.ws[n.first-k:n.last], s) {
				n.first -= k // "Leyen" in "von der Leyen said"
				break
			}
		}
		if inName[n.sent] == nil {
			inName[n.sent] = make([]bool, len(ws[n.sent]))
		}
		for k := n.first; k < n.last; k++ {
			inName[n.sent][k] = true
		}
	}
	for i, sw := range ws {
		for k := range sw {
			if k > 0 && text.IsCapitalized(sw[k-1].text) && !isTitleWord(sw[k-1].text) {
				continue // "Ansar al-Sharia", which the tagger read as no person
			}
			for _, s := range sns {
				if k+len(s) > len(sw) || !wordsAre(sw[k:k+len(s)], s) || inName[i] != nil && slices.Contains(inName[i][k:k+len(s)], true) {
					continue
				}
				ns = append(ns, name{sent: i, first: k, last: k + len(s), ws: sw})
				break
			}
		}
	}
	slices.SortStableFunc(ns, func(a, b name) int {
		if a.sent != b.sent {
			return a.sent - b.sent
		}
		return a.first - b.first
	})
	return ns
}

// particleSurname returns the lower-cased words of n's surname when a
// particle in lower case opens it after a given name ("bin Salman" of
// "Mohammed bin Salman", "al-Otaibi" of "Faisal al-Otaibi"), else nil.
func particleSurname(n name) []string {
	for k := n.first + 1; k < n.last-1; k++ {
		if text.IsNameParticle(n.ws[k].text) {
			return lowerWords(n.ws[k:n.last])
		}
	}
	if w := n.ws[n.last-1].text; n.last-n.first > 1 && text.IsJoinedParticle(w) {
		return []string{strings.ToLower(w)}
	}
	return nil
}

// wordsAre reports words that are s, lower-cased, and end in a word with a
// capital ("Von der Leyen", "von der Leyen"; not "von der leyen").
func wordsAre(ws []word, s []string) bool {
	if len(ws) != len(s) || noUpper(ws[len(ws)-1].text) {
		return false
	}
	for k, w := range ws {
		if strings.ToLower(w.text) != s[k] {
			return false
		}
	}
	return true
}

// lowerWords returns the words of ws in lower case.
func lowerWords(ws []word) []string {
	out := make([]string, len(ws))
	for k, w := range ws {
		out[k] = strings.ToLower(w.text)
	}
	return out
}

// openerWords open sentences and are never a given name: prepositions,
// conjunctions and adverbs ("Unlike Patriot, ...", "Despite Santilli's
// ..."), whether or not the article also writes them in lower case.
var openerWords = setOf("unlike", "despite", "although", "though", "after", "before", "during",
	"under", "since", "while", "when", "without", "within", "among", "amid", "against", "beyond",
	"besides", "including", "following", "like", "unless", "whereas", "meanwhile", "however",
	"moreover", "yet", "still", "also", "even", "until", "upon", "throughout", "once", "whether",
	"because", "if", "as", "but", "and", "or", "so", "then", "now", "thus", "instead", "perhaps")

// allCapitalised reports words that all start with a capital letter.
func allCapitalised(ws []word) bool {
	for _, w := range ws {
		if !text.IsCapitalized(w.text) {
			return false
		}
	}
	return true
}

// titleStart reports a word that opens a title and is no name: "President",
// "Presidents", "Minister".
func titleStart(w string) bool {
	l := strings.ToLower(w)
	return strongTitles[l] || strings.HasSuffix(l, "s") && strongTitles[strings.TrimSuffix(l, "s")]
}

// followedByThing reports a name followed by the noun of a weapon, vehicle
// or product, straight after it or after up to two other lower-case nouns
// ("Patriot systems", "Patriot air defense systems").
func followedByThing(n name) bool {
	for k := n.last; k < len(n.ws) && k < n.last+3; k++ {
		w := n.ws[k].text
		if thingNouns[strings.ToLower(w)] {
			return true
		}
		if text.IsCapitalized(w) || notNoun[w] {
			return false
		}
	}
	return false
}

// notNoun are lower-case words that end a compound noun: verbs of saying,
// determiners, prepositions and conjunctions.
var notNoun = setOf("said", "says", "told", "and", "or", "but", "the", "a", "an", "of", "in", "on",
	"at", "to", "for", "with", "by", "from", "is", "was", "were", "are", "has", "had", "have",
	"will", "would", "could", "who", "which", "that", "as")

// clean trims title words the tagger took into a name ("International
// Security Andrea Thompson" after a title), and rejects names that are
// organisations or no names at all.
func clean(n name) (name, bool) {
	for n.last-n.first > 1 {
		w := n.ws[n.first].text
		if !isTitleWord(w) && !(noUpper(w) && !text.IsNameParticle(w)) {
			break
		}
		n.first++
	}
	for n.last-n.first > 1 && noUpper(n.ws[n.last-1].text) && !text.IsNameParticle(n.ws[n.last-1].text) {
		n.last--
	}
	// "Charlotte Mayor Jennifer Roberts": the name follows the title.
	for k := n.last - 2; k > n.first; k-- {
		if strongTitles[strings.ToLower(n.ws[k].text)] {
			n.first = k + 1
			break
		}
	}
	for _, w := range n.ws[n.first:n.last] {
		if orgWords[strings.ToLower(w.text)] {
			return n, false
		}
	}
	if followedByThing(n) {
		return n, false // "Tomahawk cruise missiles": a weapon, not a person
	}
	if n.last-n.first > 1 && placeNouns[strings.ToLower(n.ws[n.last-1].text)] {
		return n, false // "Abdul Kalam Island": a place named after a person
	}
	if n.last-n.first == 1 {
		w := n.ws[n.first].text
		if isTitleWord(w) || !text.IsCapitalized(w) || letters(w) < 2 || groups[strings.ToLower(w)] || openerWords[strings.ToLower(w)] {
			return n, false
		}
	}
	return n, true
}

// noUpper reports a word with no capital letter ("said", "'s"; not
// "al-Saadani").
func noUpper(w string) bool {
	for _, r := range w {
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// strongTitles are title words that are not also surnames ("King",
// "Major" are): a name holding one starts after it.
var strongTitles = map[string]bool{
	"mayor": true, "president": true, "minister": true, "secretary": true, "senator": true,
	"governor": true, "ambassador": true, "chancellor": true, "premier": true, "spokesman": true,
	"spokeswoman": true, "commissioner": true, "director": true, "chairman": true,
	"chairwoman": true, "sen.": true, "gov.": true, "rep.": true, "gen.": true, "lt.": true,
	"col.": true, "capt.": true, "sgt.": true, "adm.": true, "dr.": true, "mr.": true,
	"mrs.": true, "ms.": true, "prof.": true, "officer": true, "coach": true,
}

// orgWords never occur in a person's name; a "name" holding one is an
// organisation the tagger got wrong.
var orgWords = map[string]bool{
	"radio": true, "liberty": true, "department": true, "ministry": true, "agency": true,
	"news": true, "committee": true, "council": true, "organization": true, "organisation": true,
	"university": true, "institute": true, "corp": true, "inc": true, "ltd": true, "bank": true,
	"party": true, "association": true, "union": true, "forces": true, "treaty": true,
	"times": true, "post": true, "press": true, "television": true, "tv": true,
	"show": true, "podcast": true, "magazine": true, "journal": true, "bulletin": true,
	"directorate": true,
}

// thingNouns follow the names of weapons, vehicles and products, never a
// person's name.
var thingNouns = map[string]bool{
	"missile": true, "missiles": true, "cruise": true, "rocket": true, "rockets": true,
	"system": true, "systems": true, "launcher": true, "launchers": true, "aircraft": true,
	"jet": true, "jets": true, "fighter": true, "fighters": true, "drone": true, "drones": true,
	"tank": true, "tanks": true, "class": true, "vessel": true, "submarine": true,
	"submarines": true, "warhead": true, "warheads": true, "interceptor": true,
	"interceptors": true, "bomber": true, "bombers": true, "helicopter": true,
	"helicopters": true, "frigate": true, "destroyer": true, "battery": true, "batteries": true,
}

// placeNouns end the names of places and facilities, never a person's
// name ("Abdul Kalam Island", "Kennedy Airport").
var placeNouns = setOf("island", "islands", "bay", "strait", "straits", "sea", "airport",
	"airfield", "airbase", "base", "square", "street", "avenue", "bridge", "river", "mountains",
	"peninsula", "province", "harbor", "harbour", "palace", "stadium", "station", "canal",
	"valley", "desert", "gulf", "ocean", "county", "district", "region", "prefecture", "cosmodrome",
	"spaceport", "range", "dam", "reactor", "plant")

func isQuote(w string) bool { return w == `"` || w == "'" }

func letters(w string) int {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// groups are words for peoples, faiths and parties that the tagger can take
// for a name when they stand alone.
var groups = map[string]bool{
	"muslims": true, "muslim": true, "christians": true, "christian": true, "jews": true,
	"jewish": true, "hispanics": true, "hispanic": true, "latinos": true, "latino": true,
	"latinas": true, "latina": true, "arabs": true, "kurds": true, "sunnis": true,
	"shiites": true, "shias": true, "catholics": true, "evangelicals": true, "protestants": true,
	"democrats": true, "republicans": true, "democrat": true, "republican": true,
	"blacks": true, "whites": true, "asians": true, "europeans": true, "westerners": true,
	"islamists": true, "taliban": true, "houthis": true, "palestinians": true, "israelis": true,
	"god": true, "allah": true, "jesus": true,
}
