package people

import (
	"slices"
	"strings"

	"github.com/herald-news/herald/extractors/schema"
	"github.com/herald-news/herald/extractors/text"
)

// pronounGender is the gender a third-person singular pronoun gives.
var pronounGender = map[string]byte{
	"he": 'm', "him": 'm', "his": 'm', "himself": 'm',
	"she": 'f', "her": 'f', "hers": 'f', "herself": 'f',
}

// pronoun is one he/she pronoun of the narrative, outside quotations.
type pronoun struct {
	tok, sent int
	g         byte
}

// pronounMentions ties he, him, his, she, her ... outside quotations to
// the person they refer to, and gives people a gender where the article
// shows one:
//
//   - a person's gender comes from an honorific or a gendered title
//     ("Mr.", "spokeswoman"), else from the pronouns that can only refer
//     to them: a pronoun whose sentence, up to it, and the sentence before
//     name no one else;
//   - a pronoun refers to the first person of its gender named in its own
//     sentence before it (the subject), else to the first person of its
//     gender named in the nearest sentence before, up to two sentences
//     back. A person whose gender is not known fits either pronoun unless
//     another person in reach has the pronoun's gender.
//
// A pronoun with no one in reach, or inside a quotation (where he and she
// are the speaker's, not the narrator's), is left alone.
func pronounMentions(d *text.Doc, es []*entry) {
	if len(es) == 0 {
		return
	}
	ms := mentionsInOrder(es)
	quoted := quotedTokens(d)
	starts := make([]int, len(ms))
	for i, m := range ms {
		starts[i] = m.start
	}
	var ps []pronoun
	for i, t := range d.Tokens {
		g := pronounGender[strings.ToLower(t.Text)]
		if g == 0 || quoted[i] {
			continue
		}
		p := pronoun{tok: i, sent: d.SentenceAt(t.Start), g: g}
		if p.sent >= 0 && nounBefore(d, starts, p) {
			continue // "a woman who takes in a snake that bites her"
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		return
	}
	// people named in sentence s before offset hi, first mention first.
	named := func(s, hi int) []*entry {
		sp := d.Sentences[s]
		var out []*entry
		for _, m := range ms {
			if m.start < sp.Start || quoted[d.TokenAt(m.start)] {
				continue
			}
			if m.start >= min(sp.End, hi) {
				break
			}
			if !slices.Contains(out, m.e) {
				out = append(out, m.e)
			}
		}
		return out
	}
	// reach lists the candidates of pronoun p, nearest sentence first.
	reach := func(p pronoun) [][]*entry {
		var out [][]*entry
		for s := p.sent; s >= 0 && s >= p.sent-2; s-- {
			hi := d.Sentences[s].End
			if s == p.sent {
				hi = d.Tokens[p.tok].Start
			}
			if c := named(s, hi); len(c) > 0 {
				out = append(out, c)
			}
		}
		return out
	}
	// Gender from pronouns that can refer to one person only: no one else
	// is in reach.
	votes := map[*entry][2]int{}
	for _, p := range ps {
		if p.sent < 0 {
			continue
		}
		var only *entry
		one := true
		for _, c := range reach(p) {
			for _, e := range c {
				if only != nil && e != only {
					one = false
				}
				only = e
			}
		}
		if only == nil || !one {
			continue
		}
		v := votes[only]
		if p.g == 'm' {
			v[0]++
		} else {
			v[1]++
		}
		votes[only] = v
	}
	for e, v := range votes {
		if e.gender != 0 {
			continue
		}
		switch {
		case v[0] > 0 && v[1] == 0:
			e.gender = 'm'
		case v[1] > 0 && v[0] == 0:
			e.gender = 'f'
		}
	}
	// Resolution.
	for _, p := range ps {
		if p.sent < 0 {
			continue
		}
		var to *entry
		for _, c := range reach(p) {
			for _, e := range c {
				if e.gender == p.g {
					to = e
					break
				}
			}
			if to == nil {
				for _, e := range c {
					if e.gender == 0 {
						to = e
						break
					}
				}
			}
			if to != nil {
				break
			}
		}
		if to == nil {
			continue
		}
		t := d.Tokens[p.tok]
		to.p.Mentions = append(to.p.Mentions, schema.Mention{Text: t.Text, Start: t.Start, End: t.End})
	}
	for _, e := range es {
		slices.SortFunc(e.p.Mentions, func(a, b schema.Mention) int { return a.Start - b.Start })
	}
}

// genderNouns are common nouns of one gender that a pronoun may refer to
// instead of a named person.
var genderNouns = map[string]byte{
	"man": 'm', "men": 'm', "father": 'm', "husband": 'm', "son": 'm', "boy": 'm',
	"brother": 'm', "king": 'm', "businessman": 'm', "grandfather": 'm', "uncle": 'm',
	"woman": 'f', "women": 'f', "mother": 'f', "wife": 'f', "daughter": 'f', "girl": 'f',
	"sister": 'f', "queen": 'f', "businesswoman": 'f', "grandmother": 'f', "aunt": 'f',
	"lady": 'f', "widow": 'f', "girlfriend": 'f', "boyfriend": 'm',
}

// nounBefore reports a common noun of the pronoun's gender in its
// sentence before it and after the last person named there.
func nounBefore(d *text.Doc, starts []int, p pronoun) bool {
	sp := d.Sentences[p.sent]
	from := sp.Start
	for _, st := range starts {
		if st >= sp.Start && st < d.Tokens[p.tok].Start {
			from = st
		}
	}
	for k := d.TokenAt(from); k < p.tok; k++ {
		if genderNouns[strings.ToLower(d.Tokens[k].Text)] == p.g {
			return true
		}
	}
	return false
}

// quotedTokens marks the tokens inside double quotation marks, curly or
// straight; a quotation left open runs to its paragraph's end.
func quotedTokens(d *text.Doc) []bool {
	q := make([]bool, len(d.Tokens))
	for _, p := range d.Paragraphs {
		in := false
		for k := p.First; k < p.Last; k++ {
			switch d.Tokens[k].Text {
			case "“":
				in = true
				continue
			case "”":
				in = false
				continue
			case `"`:
				in = !in
				continue
			}
			q[k] = in
		}
	}
	return q
}

// genderName is the contract's word for a gender.
func genderName(g byte) string {
	switch g {
	case 'm':
		return "male"
	case 'f':
		return "female"
	}
	return ""
}
