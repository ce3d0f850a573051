package geo

import "testing"

func TestLoad(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	if n := len(get().adj); n < 200 {
		t.Errorf("%d countries loaded, want at least 200 (193 UN members and others)", n)
	}
}

func TestCountryOf(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Russia", "Russia", true},
		{"Russian", "Russia", true},
		{"Russians", "Russia", true},
		{"Russia's", "Russia", true},
		{"Russia’s", "Russia", true},
		{"Russian Federation", "Russia", true},
		{"RUSSIA", "Russia", true},
		{"Kremlin", "Russia", true},
		{"the Kremlin", "Russia", true},
		{"Moscow", "Russia", true},
		{"Moscow's", "Russia", true},
		{"U.S.", "United States", true},
		{"US", "United States", true},
		{"USA", "United States", true},
		{"United States", "United States", true},
		{"the United States", "United States", true},
		{"America", "United States", true},
		{"American", "United States", true},
		{"Americans", "United States", true},
		{"Americans'", "United States", true},
		{"Washington", "United States", true},
		{"White House", "United States", true},
		{"Pentagon", "United States", true},
		{"State Department", "United States", true},
		{"U.S. State Department", "United States", true},
		{"UK", "United Kingdom", true},
		{"Britain", "United Kingdom", true},
		{"British", "United Kingdom", true},
		{"Downing Street", "United Kingdom", true},
		{"Soviet", "Soviet Union", true},
		{"USSR", "Soviet Union", true},
		{"Kyiv", "Ukraine", true},
		{"Kiev", "Ukraine", true},
		{"Tehran", "Iran", true},
		{"Iranian", "Iran", true},
		{"Pyongyang", "North Korea", true},
		{"North Korean", "North Korea", true},
		{"DPRK", "North Korea", true},
		{"Beijing", "China", true},
		{"Chinese", "China", true},
		{"Côte d'Ivoire", "Cote d'Ivoire", true},
		{"Cote d’Ivoire", "Cote d'Ivoire", true},
		{"Ivory Coast", "Cote d'Ivoire", true},
		{"Brasília", "Brazil", true},
		{"Russian Foreign Ministry", "Russia", true},
		{"Ukrainian Defense Ministry", "Ukraine", true},
		{"NATO", "", false},                    // an alliance, no one state
		{"Geneva", "", false},                  // a place, not a government
		{"us", "", false},                      // the pronoun
		{"Us", "", false},                      // a sentence-initial pronoun: acronyms match in capitals
		{"russian", "", false},                 // no capital letter: not a proper noun
		{"male", "", false},                    // the capital of the Maldives is "Male"
		{"Thompson", "", false},                // a person
		{"Moscow Foreign Ministry", "", false}, // no such institution name
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := CountryOf(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CountryOf(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLookupPlace(t *testing.T) {
	tests := []struct {
		in   string
		want Place
		ok   bool
	}{
		{"Geneva", Place{"Geneva", "Switzerland", KindCity}, true},
		{"GENEVA", Place{"Geneva", "Switzerland", KindCity}, true},
		{"Moscow", Place{"Moscow", "Russia", KindCity}, true},
		{"Washington", Place{"Washington", "United States", KindCity}, true},
		{"Washington, D.C.", Place{"Washington", "United States", KindCity}, true},
		{"Kiev", Place{"Kyiv", "Ukraine", KindCity}, true},
		{"Helsinki", Place{"Helsinki", "Finland", KindCity}, true},
		{"Vienna", Place{"Vienna", "Austria", KindCity}, true},
		{"Brussels", Place{"Brussels", "Belgium", KindCity}, true},
		{"St. Petersburg", Place{"Saint Petersburg", "Russia", KindCity}, true},
		{"The Hague", Place{"The Hague", "Netherlands", KindCity}, true},
		{"Russia", Place{"Russia", "Russia", KindCountry}, true},
		{"U.S.", Place{"United States", "United States", KindCountry}, true},
		{"Singapore", Place{"Singapore", "Singapore", KindCountry}, true},
		{"Crimea", Place{"Crimea", "Ukraine", KindRegion}, true},
		{"Europe", Place{"Europe", "", KindRegion}, true},
		{"Middle East", Place{"Middle East", "", KindRegion}, true},
		{"Russian", Place{}, false}, // an adjective, not a place
		{"Kremlin", Place{}, false},
		{"geneva", Place{}, false},
	}
	for _, tt := range tests {
		got, ok := LookupPlace(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LookupPlace(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLookupOrg(t *testing.T) {
	tests := []struct {
		in   string
		want Org
		ok   bool
	}{
		{"NATO", Org{"North Atlantic Treaty Organization", ""}, true},
		{"Nato", Org{"North Atlantic Treaty Organization", ""}, true},
		{"UN", Org{"United Nations", ""}, true},
		{"U.N.", Org{"United Nations", ""}, true},
		{"IAEA", Org{"International Atomic Energy Agency", ""}, true},
		{"OSCE", Org{"Organization for Security and Co-operation in Europe", ""}, true},
		{"EU", Org{"European Union", ""}, true},
		{"State Department", Org{"U.S. State Department", "United States"}, true},
		{"Department of State", Org{"U.S. State Department", "United States"}, true},
		{"Pentagon", Org{"U.S. Department of Defense", "United States"}, true},
		{"Kremlin", Org{"Kremlin", "Russia"}, true},
		{"Russian Foreign Ministry", Org{"Russian Foreign Ministry", "Russia"}, true},
		{"Russia's Foreign Ministry", Org{"Russian Foreign Ministry", "Russia"}, true},
		{"Russian Defense Ministry", Org{"Russian Defense Ministry", "Russia"}, true},
		{"Russia's Defence Ministry", Org{"Russian Defence Ministry", "Russia"}, true},
		{"Ukrainian Foreign Ministry", Org{"Ukrainian Foreign Ministry", "Ukraine"}, true},
		{"the Iranian government", Org{"Iranian government", "Iran"}, true},
		{"U.S. Embassy", Org{"U.S. Embassy", "United States"}, true},
		{"Ministry of Foreign Affairs of Ukraine", Org{"Ministry of Foreign Affairs of Ukraine", "Ukraine"}, true},
		{"RFE/RL", Org{"Radio Free Europe/Radio Liberty", "United States"}, true},
		{"Radio Free Europe/Radio Liberty", Org{"Radio Free Europe/Radio Liberty", "United States"}, true},
		{"Reuters", Org{"Reuters", "United Kingdom"}, true},
		{"AP", Org{"Associated Press", "United States"}, true},
		{"TASS", Org{"TASS", "Russia"}, true},
		{"Ap", Org{}, false},
		{"Foreign Ministry", Org{}, false}, // whose?
		{"Russian officials", Org{}, false},
		{"Andrea Thompson", Org{}, false},
	}
	for _, tt := range tests {
		got, ok := LookupOrg(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LookupOrg(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAdjective(t *testing.T) {
	for c, want := range map[string]string{"Russia": "Russian", "United States": "U.S.", "Narnia": ""} {
		if got := Adjective(c); got != want {
			t.Errorf("Adjective(%q) = %q, want %q", c, got, want)
		}
	}
}

func TestCapital(t *testing.T) {
	for c, want := range map[string]string{"Iran": "Tehran", "Mongolia": "Ulaanbaatar", "United States": "Washington", "Narnia": ""} {
		p, ok := Capital(c)
		if p.Name != want || ok != (want != "") {
			t.Errorf("Capital(%q) = %q, %v, want %q", c, p.Name, ok, want)
		}
		if ok && (p.Country != c || p.Kind != KindCity) {
			t.Errorf("Capital(%q) = %+v, want a city of %s", c, p, c)
		}
	}
}

func BenchmarkCountryOf(b *testing.B) {
	in := []string{"Russian", "U.S.", "Kremlin", "Moscow", "Thompson", "Russia's", "Geneva", "Russian Foreign Ministry"}
	_ = Load()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		CountryOf(in[i%len(in)])
	}
}

func FuzzLookups(f *testing.F) {
	for _, s := range []string{"U.S.", "Russia's", "Côte d’Ivoire", "the Kremlin", "Russian Foreign Ministry", "of of", "’s", "The  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, ok := CountryOf(s); ok && c == "" {
			t.Errorf("CountryOf(%q) ok with no country", s)
		}
		if p, ok := LookupPlace(s); ok && (p.Name == "" || p.Kind == "") {
			t.Errorf("LookupPlace(%q) = %+v", s, p)
		}
		if o, ok := LookupOrg(s); ok && o.Name == "" {
			t.Errorf("LookupOrg(%q) ok with no name", s)
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := load(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestKnown(t *testing.T) {
	for _, s := range []string{"Washington", "Kremlin", "Russian", "NATO"} {
		if !Known(s) {
			t.Errorf("Known(%q) = false", s)
		}
	}
	if Known("Thompson") {
		t.Error(`Known("Thompson") = true`)
	}
}
