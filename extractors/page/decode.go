package page

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// metaScanLimit is how far into a page Decode looks for a <meta> charset
// declaration. The HTML standard's prescan stops at 1024 bytes, but real
// pages often put a kilobyte of scripts before it.
const metaScanLimit = 64 << 10

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// Decode converts a page body to UTF-8. The charset is taken, in this order,
// from a byte-order mark, the Content-Type header's charset parameter, a
// <meta charset> or <meta http-equiv="Content-Type"> declaration, and
// finally from the bytes themselves: valid UTF-8 stays as it is, runs of
// high bytes are read as Cyrillic (windows-1251 or KOI8-R, whichever gives
// more plausible Russian letter frequencies), anything else as
// windows-1252, as browsers do.
func Decode(body []byte, contentType string) (string, error) {
	enc, name := Charset(body, contentType)
	if enc == encoding.Nop {
		return strings.ToValidUTF8(string(body), "\uFFFD"), nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return "", fmt.Errorf("decode %s: %w", name, err)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), nil
}

// Charset names the encoding Decode uses for a body, and returns it.
// encoding.Nop stands for UTF-8.
func Charset(body []byte, contentType string) (encoding.Encoding, string) {
	if e, name, ok := bomCharset(body); ok {
		return e, name
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e, name := lookup(params["charset"]); e != nil {
			return e, name
		}
	}
	head := body
	if len(head) > metaScanLimit {
		head = head[:metaScanLimit]
	}
	if m := metaCharset.FindSubmatch(head); m != nil {
		if e, name := lookup(string(m[1])); e != nil {
			// A page re-encoded to UTF-8 upstream keeps its old declaration;
			// multi-byte UTF-8 that decodes cleanly is no accident.
			if name != "utf-8" && isUTF8WithHighBytes(body) {
				return encoding.Nop, "utf-8"
			}
			return e, name
		}
	}
	return sniff(body)
}

func bomCharset(b []byte) (encoding.Encoding, string, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8BOM, "utf-8", true
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", true
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", true
	}
	return nil, "", false
}

// lookup resolves a charset label the way browsers do (WHATWG labels:
// "cp1251", "koi8-r", "latin1" -> windows-1252, ...).
func lookup(label string) (encoding.Encoding, string) {
	label = strings.TrimSpace(strings.Trim(label, `"'`))
	if label == "" {
		return nil, ""
	}
	e, name := charset.Lookup(label)
	if e == nil {
		return nil, ""
	}
	if name == "utf-8" {
		return encoding.Nop, name
	}
	return e, name
}

func isUTF8WithHighBytes(b []byte) bool {
	high := false
	for _, c := range b {
		if c >= 0x80 {
			high = true
			break
		}
	}
	return high && utf8.Valid(b)
}

// sniff guesses an undeclared encoding from the bytes.
func sniff(b []byte) (encoding.Encoding, string) {
	if utf8.Valid(b) {
		return encoding.Nop, "utf-8"
	}
	// Cyrillic text is written in whole words of high bytes; Latin text
	// has an accented letter here and there between ASCII ones.
	var runs, inRuns, run int
	for _, c := range b {
		if c >= 0xC0 {
			run++
			continue
		}
		if run > 0 {
			runs++
			inRuns += run
			run = 0
		}
	}
	if run > 0 {
		runs++
		inRuns += run
	}
	if runs == 0 || float64(inRuns)/float64(runs) < 2.5 {
		return charmap.Windows1252, "windows-1252"
	}
	if cyrillicScore(b, charmap.KOI8R) > cyrillicScore(b, charmap.Windows1251) {
		return charmap.KOI8R, "koi8-r"
	}
	return charmap.Windows1251, "windows-1251"
}

// commonRussian are the ten most frequent letters of Russian text, which
// together make up more than half of it.
const commonRussian = "оеаинтсрвл"

// cyrillicScore is the share of common lower-case Russian letters among
// the Cyrillic letters of b decoded with cm. The wrong one of windows-1251
// and KOI8-R swaps the cases and scrambles the letters.
func cyrillicScore(b []byte, cm *charmap.Charmap) float64 {
	var cyr, common int
	for _, c := range b {
		if c < 0xC0 {
			continue
		}
		r := cm.DecodeByte(c)
		if r < 0x400 || r > 0x4FF {
			continue
		}
		cyr++
		if strings.ContainsRune(commonRussian, r) {
			common++
		}
	}
	if cyr == 0 {
		return 0
	}
	return float64(common) / float64(cyr)
}
