package events

import "strings"

// The event types. docs/events.md gives each one's definition and why it
// maps to its CAMEO root code.
const (
	Meeting        = "meeting"
	Talks          = "talks"
	PressConf      = "press_conference"
	Statement      = "statement"
	Speech         = "speech"
	Visit          = "visit"
	Signing        = "signing"
	Ratification   = "ratification"
	EntryIntoForce = "entry_into_force"
	Withdrawal     = "withdrawal"
	Suspension     = "suspension"
	Extension      = "extension"
	Expiry         = "expiry"
	Deployment     = "deployment"
	Test           = "test"
	Sanction       = "sanction"
	Vote           = "vote"
)

// CAMEO gives the CAMEO code each type maps to: a root ("04") or, where
// one event code fits every case, that code ("163"). Types with no CAMEO
// counterpart (a treaty's expiry or entry into force is not an act of one
// actor upon another) map to "".
var CAMEO = map[string]string{
	Statement:      "010", // 01 Make public statement
	Speech:         "010", // 01: a speech is a public statement made to an audience
	PressConf:      "010", // 01: statements made to the press
	Meeting:        "04",  // 04 Consult (040-044: consult, meet, host, meet at a third location)
	Talks:          "046", // 046 Engage in negotiation
	Visit:          "042", // 042 Make a visit (the host's side is 043)
	Signing:        "057", // 057 Sign formal agreement
	Ratification:   "057", // 05: ratification completes the act of 057 on the state's side
	Extension:      "05",  // 05 Engage in diplomatic cooperation
	Withdrawal:     "16",  // 16 Reduce relations
	Suspension:     "16",  // 16 Reduce relations
	Sanction:       "163", // 163 Impose embargo, boycott, or sanctions
	Deployment:     "15",  // 15 Exhibit military posture (154 Mobilize or increase armed forces)
	Test:           "15",  // 15 Exhibit military posture: a weapons test is a display of force
	Vote:           "",    // a vote in a body is no act between actors in CAMEO
	Expiry:         "",
	EntryIntoForce: "",
}

// Types lists the vocabulary in documentation order.
var Types = []string{Meeting, Talks, PressConf, Statement, Speech, Visit, Signing,
	Ratification, EntryIntoForce, Withdrawal, Suspension, Extension, Expiry,
	Deployment, Test, Sanction, Vote}

// trigger is one word or phrase that names an event of a type.
type trigger struct {
	words []string // lower case, as tokens
	typ   string
	noun  bool // a noun ("meeting"); else a verb ("met")
	// reporting marks a verb of saying: its statement event needs an
	// explicit date and a person as speaker.
	reporting bool
	// needs names a condition the context must meet (see condition).
	needs string
}

// Conditions on a trigger's context.
const (
	needTreaty   = "treaty"   // a treaty mentioned in the clause ("left the INF")
	needWeapon   = "weapon"   // a weapon word in the clause ("moved a launcher")
	needBody     = "body"     // a legislature or assembly in the clause ("the Council is due to consider it")
	needMissile  = "missile"  // "fired", "launched" of a missile
	needLower    = "lower"    // written in lower case: "a review conference", not "the Conference on Disarmament"
	needAudience = "audience" // an assembly right after: "address the conference"
	needRound    = "round"    // "that round", "the latest round", not "a round of sanctions"
	needBriefee  = "briefee"  // "brief member states", "briefed the council": a meeting with a body
	needCouncil  = "council"  // the UN or its council in the sentence or the one before: "Russia vetoed the renewal"
	needList     = "list"     // "to its sanctions list" after it in the clause: "added two units to its sanctions list"
)

func t(typ string, noun bool, forms ...string) []trigger {
	var out []trigger
	for _, f := range forms {
		out = append(out, trigger{words: strings.Fields(f), typ: typ, noun: noun})
	}
	return out
}

func with(ts []trigger, f func(*trigger)) []trigger {
	for i := range ts {
		f(&ts[i])
	}
	return ts
}

// triggers is the lexicon, longest phrases first within each type.
var triggers = concat(
	t(PressConf, true, "press conference", "press conferences", "news conference", "news conferences", "conference call",
		"press briefing", "news briefing", "briefing", "press availability"),
	t(Meeting, true, "meeting", "meetings", "summit", "summits"),
	with(t(Meeting, true, "session", "sessions"), func(tr *trigger) { tr.needs = needLower }),
	t(Meeting, false, "met", "meet", "meets", "hosted"),
	with(t(Meeting, true, "conference", "conferences"), func(tr *trigger) { tr.needs = needLower }),
	t(Speech, false, "speaking at"),
	with(t(Meeting, false, "discuss", "discussed", "discusses"), func(tr *trigger) { tr.needs = needBody }),
	t(Talks, true, "talks", "negotiations", "consultations", "round of talks"),
	with(t(Talks, true, "round"), func(tr *trigger) { tr.needs = needRound }),
	t(Talks, false, "negotiated", "reconvene", "reconvened", "negotiate"),
	with(t(Meeting, false, "brief", "briefed", "briefs"), func(tr *trigger) { tr.needs = needBriefee }),
	t(Speech, true, "speech", "address", "keynote"),
	with(t(Speech, false, "addressed", "addresses", "address"), func(tr *trigger) { tr.needs = needAudience }),
	with(t(Statement, false, "said", "says", "told", "stated", "announced", "offered", "proposed",
		"warned", "declared", "remarked", "denounced", "rejected", "dismissed", "denied", "condemned", "accused", "urged",
		"criticized", "criticised", "called on", "called for"), func(tr *trigger) { tr.reporting = true }),
	with(t(Statement, true, "statement", "remarks", "comments", "announcement"), func(tr *trigger) { tr.reporting = true }),
	t(Visit, true, "visit", "visits", "trip", "tour"),
	t(Visit, false, "due in", "arrive in", "travel", "travels", "travelled", "traveled", "visited", "visiting", "arrived", "arrives", "arrive", "landing", "landed"),
	t(Signing, false, "signed", "sign", "signs", "signing"),
	t(Signing, true, "signature"),
	t(Ratification, false, "ratified", "ratify", "ratifies"),
	t(Ratification, true, "ratification"),
	// "voted to join the treaty", "approved accession to the Ottawa
	// Convention": a state becoming party to a treaty it did not sign.
	with(t(Ratification, false, "join", "joins", "joined", "joining", "accede", "accedes", "acceded"), func(tr *trigger) { tr.needs = needTreaty }),
	with(t(Ratification, true, "accession"), func(tr *trigger) { tr.needs = needTreaty }),
	t(EntryIntoForce, false, "entered into force", "enter into force", "enters into force",
		"took effect", "take effect", "takes effect", "came into force", "come into force"),
	t(EntryIntoForce, true, "entry into force"),
	t(Withdrawal, false, "withdraw", "withdrew", "withdraws", "withdrawn", "withdrawing", "pull out", "pulled out", "quit", "quits"),
	t(Withdrawal, true, "withdrawal", "withdrawals", "exit"),
	with(t(Withdrawal, false, "left", "leave", "leaves", "abandon", "abandons", "abandoned"), func(tr *trigger) { tr.needs = needTreaty }),
	t(Suspension, false, "suspended", "suspend", "suspends", "suspending"),
	t(Suspension, true, "suspension"),
	t(Extension, false, "extended", "extend", "extends", "prolonged"),
	t(Extension, true, "extension"),
	t(Expiry, false, "expired", "expire", "expires", "lapsed", "lapse", "in force until", "remain in force until"),
	t(Expiry, true, "expiry", "expiration"),
	t(Deployment, false, "deployed", "deploy", "deploys", "deploying", "stationed", "station"),
	t(Deployment, true, "deployment", "deployments"),
	with(t(Deployment, false, "sent", "moved", "moving"), func(tr *trigger) { tr.needs = needWeapon }),
	t(Test, false, "tested", "test-fired", "test-launched", "tests"),
	t(Test, true, "test", "launch", "launches", "test launch", "missile test"),
	with(t(Test, true, "attempt", "attempts"), func(tr *trigger) { tr.needs = needMissile }),
	with(t(Test, false, "fired", "launched", "fires", "launches"), func(tr *trigger) { tr.needs = needMissile }),
	t(Sanction, true, "sanctions", "sanction", "embargo", "asset freeze"),
	t(Sanction, false, "sanctioned", "blacklisted"),
	with(t(Sanction, false, "added", "adds", "add", "adding"), func(tr *trigger) { tr.needs = needList }),
	t(Vote, true, "vote", "votes", "ballot"),
	t(Vote, false, "voted", "vote"),
	with(t(Vote, true, "decision"), func(tr *trigger) { tr.needs = needBody }),
	// A veto at the United Nations is a vote of the Security Council.
	with(t(Vote, false, "vetoed", "vetoes", "veto"), func(tr *trigger) { tr.needs = needCouncil }),
	with(t(Vote, true, "veto"), func(tr *trigger) { tr.needs = needCouncil }),
	with(t(Vote, false, "approved", "adopted", "passed", "consider", "considers", "approve", "adopt", "censured", "censure"), func(tr *trigger) { tr.needs = needBody }),
)

// triggersByFirst indexes triggers by their first word, in lexicon order.
var triggersByFirst = func() map[string][]int {
	m := map[string][]int{}
	for i, tr := range triggers {
		m[tr.words[0]] = append(m[tr.words[0]], i)
	}
	return m
}()

func concat(tss ...[]trigger) []trigger {
	var out []trigger
	for _, ts := range tss {
		out = append(out, ts...)
	}
	return out
}

// audienceWords are those a speech is made to: "told delegates", "address
// the conference".
var audienceWords = set("delegates", "conference", "assembly", "summit", "committee", "council", "forum",
	"session", "graduates", "parliament", "congress", "senate", "houses", "chamber", "chambers")

// weaponWords make "sent", "moved" a deployment and "fired" a test.
var weaponWords = set("missile", "missiles", "launcher", "launchers", "system", "systems", "weapons",
	"warheads", "troops", "forces", "bombers", "jets", "aircraft", "warships", "battery", "batteries", "rocket", "rockets")

var missileWords = set("missile", "missiles", "rocket", "rockets", "icbm", "slbm", "projectile", "projectiles", "satellite")

// legislatureWords name a state's legislature or its members, which sit
// in the state's capital.
var legislatureWords = set("parliament", "duma", "khural", "congress", "senate", "legislature", "lawmakers",
	"deputies", "senators", "rada", "majlis", "knesset", "bundestag", "seimas", "saeima", "sejm", "riigikogu",
	"eduskunta", "riksdag", "storting", "folketing", "althing")

// councilWords name the United Nations or its Security Council, where a
// veto is a vote.
var councilWords = set("u.n.", "un", "council", "security")

// bodyWords are legislatures, assemblies and councils, whose approving,
// adopting or considering is a vote and whose discussing is a meeting.
var bodyWords = set("duma", "council", "parliament", "senate", "congress", "assembly", "committee",
	"house", "legislature", "lawmakers", "deputies", "senators", "rada", "majlis", "knesset", "bundestag", "khural", "ministers",
	"board", "governors")

// hypothetical words before a trigger in its clause make it no event.
var hypotheticalWords = set("if", "unless", "whether", "should")

// revokeWords undo the event a noun names.
var revokeWords = set("revoke", "revokes", "revoked", "revoking", "annul", "annulled", "cancel", "cancelled", "reverse", "reversed", "withdraw", "rescind", "rescinded")

// negations before a trigger in its clause make it no event.
var negationWords = set("not", "never", "no", "n't", "without")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
