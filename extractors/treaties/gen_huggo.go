//go:build ignore

// gen_huggo derives data/huggo.tsv, the second gazetteer of names and
// signature years, from the HUGGO dataset of the manytreaties project
// (Hollway et al., CC BY 4.0): multilateral and regional agreements,
// conventions, treaties and protocols whose title names them plainly
// (no amendments, annexes, adjustments or exchanges of notes), with their
// titles in sentence case ("Convention on the Conservation of Migratory
// Species of Wild Animals") and, where the title opens with one, the short
// name news uses ("Kyoto Protocol" from "Kyoto Protocol to the United
// Nations Framework Convention on Climate Change").
//
// Run from this directory, with the evaluation data beside the project:
//
//	go run gen_huggo.go ../../../shared/data/treaties/HUGGO_clean.csv
package main

import (
	"encoding/csv"
	"fmt"
	"log"
	"os"
	"regexp"
	"sort"
	"strings"
)

var (
	small = set("of the on for and to in by against between concerning relating respecting from with at or an a into under its their regarding as upon within among")
	heads = set("Treaty Convention Agreement Protocol Accord Pact Charter")
	// generic first words: a short name needs a proper one ("Kyoto").
	generic = set("International European African American Asian Regional Framework Convention Agreement Protocol Treaty General Additional Supplementary Optional Revised Interim Joint Inter-American Multilateral Global Basic Final Constitutional Constitutive")
	skip    = regexp.MustCompile(`(?i)\b(amend\w*|annex\w*|adjust\w*|implement\w*|exchange|extending|extension|modifying|prolongation|decision|resolution|report|updated|original|revised)\b|[()0-9]`)
)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: go run gen_huggo.go HUGGO_clean.csv")
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	seen := map[string]bool{}
	shortSeen := map[string]int{}
	type out struct{ name, year, short string }
	var outs []out
	for _, r := range rows[1:] {
		title := strings.TrimSpace(r[col["Title"]])
		ambit := r[col["TypeAmbit"]]
		sig := r[col["Signature"]]
		if ambit != "Multilateral" && ambit != "Regional" {
			continue
		}
		if skip.MatchString(title) || len(strings.Fields(title)) > 14 || len(strings.Fields(title)) < 2 {
			continue
		}
		words := strings.Fields(title)
		hasHead := false
		for _, w := range words {
			if heads[w] {
				hasHead = true
			}
		}
		if !hasHead {
			continue
		}
		for i, w := range words {
			if i > 0 && small[strings.ToLower(w)] {
				words[i] = strings.ToLower(w)
			}
		}
		if words[0] == "The" {
			words = words[1:]
		}
		name := strings.Join(words, " ")
		if seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		year := ""
		if len(sig) >= 4 && sig[:4] != "NA" {
			year = sig[:4]
		}
		short := ""
		// "Kyoto Protocol to ...": a proper word and a head, then the rest.
		if len(words) > 2 && heads[words[1]] && small[words[2]] && !generic[words[0]] && !heads[words[0]] {
			short = words[0] + " " + words[1]
		}
		if short != "" {
			shortSeen[strings.ToLower(short)]++
		}
		outs = append(outs, out{name, year, short})
	}
	sort.Slice(outs, func(i, j int) bool { return outs[i].name < outs[j].name })
	w := os.Stdout
	fmt.Fprintln(w, "# Derived by gen_huggo.go from HUGGO_clean.csv of the manytreaties project")
	fmt.Fprintln(w, "# (James Hollway et al., https://globalgov.github.io/manytreaties/, CC BY 4.0):")
	fmt.Fprintln(w, "# titles in sentence case and signature years of multilateral and regional")
	fmt.Fprintln(w, "# agreements. Same columns as treaties.tsv; treaties.tsv wins on a clash.")
	for _, o := range outs {
		short := o.short
		if shortSeen[strings.ToLower(short)] > 1 {
			short = "" // "Lusaka Agreement" names more than one: no short name
		}
		fmt.Fprintf(w, "%s\t\t%s\t%s\n", o.name, o.year, short)
	}
}
