package quotes

import "strings"

// cues are the verbs that report speech or writing, in the forms news
// copy uses them ("said", "says", "told", "added").
var cues = setOf(`said says say saying told tells tell added adds noted notes warned warns
claimed claims wrote writes asked asks explained explains continued continues declared
declares stated states insisted insists argued argues replied replies responded responds
recalled recalls announced announces tweeted tweets posted posts remarked remarks observed
observes acknowledged acknowledges admitted admits complained complains suggested suggests
predicted predicts joked jokes conceded concedes countered counters cautioned cautions
emphasized emphasizes emphasised stressed stresses urged urges quipped quips boasted boasts
shouted shouts yelled yells lamented laments concluded concludes reiterated reiterates
agreed agrees charged charges contended contends maintained maintains vowed vows promised
promises mused muses thundered fumed testified testifies wondered wonders mocked scoffed
exclaimed opined blasted slammed railed confirmed confirms denied denies griped cried
laughed sighed whispered reported reports writing speaking telling adding noting warning
saying claiming explaining asking arguing insisting announced pleaded pleads retorted
recounted recounts predicted tweeted texted emailed messaged chided chimed interjected
assured assures alleged alleges proclaimed proclaims demanded demands sings sang
sang chanted chanting chants answered answers barked beamed boomed gloated pressed snapped
sniped growled grinned smiled teased interrupted asserted asserts affirmed affirms offered
concurred echoed hinted ventured volunteered marveled marvelled raged ranted roared screamed
sneered howled quoted recalls responded asking telling answering replying`)

// phrasalCues report speech only with the particle that follows them.
var phrasalCues = map[string]string{
	"shot": "back", "fired": "back", "hit": "back", "pointed": "out", "points": "out",
	"went": "on", "goes": "on", "chimed": "in", "summed": "up", "spoke": "up", "lashed": "out",
}

// partialCues may introduce reported speech with a quoted fragment in it,
// besides the cues ("He called it “a disgrace”").
var partialCues = setOf(`called calls described describes dubbed dubs labeled labelled
labels branded brands termed terms criticized criticised praised hailed referred refers
promised vowed pledged pledges accused accuses denounced denounces condemned condemns
dismissed dismisses rejected rejects`)

// skippable words may stand between a speaker and the cue ("Thompson also
// said", "he later told").
var skippable = setOf(`also later then further previously recently once again has had
have had was is would will could can did does do first earlier subsequently repeatedly
publicly privately simply just quickly angrily bluntly flatly separately as`)

// speechNouns name something said or written.
var speechNouns = setOf(`comment comments remark remarks statement statements message
words tweet tweets post speech interview spoke testimony response reply answer warning slogan
chant remarked said told`)

// orgHeads are the nouns that describe an organisation ("the influential
// US daily", "the ministry").
var orgHeads = setOf(`daily newspaper paper agency ministry department broadcaster network
channel outlet magazine weekly organization organisation group company firm committee
government party website site union bank council commission office administration
campaign watchdog regulator institute foundation tabloid publication station directorate`)

// voiceHeads describe someone who speaks for an organisation ("a State
// Department spokesperson").
var voiceHeads = setOf(`spokesperson spokesman spokeswoman official officials source sources
representative representatives statement report study paper analysis survey letter memo
filing release`)

// orgWords end the names of organisations ("The Washington Post", "Russian
// Foreign Ministry").
var orgWords = setOf(`post times journal news herald tribune telegraph guardian gazette
globe monitor agency ministry department office committee council commission party
union institute foundation center centre corporation company group bank fund service
network broadcasting radio television tv association organization organisation league
club court senate house assembly parliament congress administration kremlin pentagon`)

// connectors join the capitalised words of an organisation's name: "Campaign
// to Ban Landmines", "Organization for the Prohibition of Chemical Weapons",
// "Bulletin of the Atomic Scientists", "Committee on Foreign Relations".
// "in" is none: "the Foreign Ministry in Moscow said" names a place after
// the speaker.
var connectors = setOf(`of for to on and`)

// calendarWords are capitalised without naming anyone.
var calendarWords = setOf(`monday tuesday wednesday thursday friday saturday sunday january
february march april may june july august september october november december today
yesterday tomorrow`)

var pronouns = setOf(`he she they we i it`)

// possessives and object pronouns the people extractor may give as
// mentions; they name no one on their own.
var possessives = setOf(`his her him hers himself herself`)

// personTitles are the titles and roles that stand before a name and are
// no part of it ("Foreign Minister Sergei Lavrov").
var personTitles = setOf(`mr mrs ms miss dr prof sen senator rep representative gov governor
gen general lt col maj capt sgt adm rev president vice minister secretary undersecretary
under deputy assistant chancellor premier chairman chairwoman chair chief spokesman
spokeswoman spokesperson ambassador envoy director commissioner leader speaker judge
justice attorney mayor king queen prince princess pope sheikh del delegate former acting
executive founder ceo host anchor editor correspondent analyst candidate nominee
congressman congresswoman councilman councilwoman sir lord lady dame professor coach
commander admiral rear member colonel sergeant captain major lieutenant officer pastor bishop father
cardinal rabbi imam emir sultan crown first lady`)

// leadWords are capitalised at the start of a sentence without naming
// anyone ("But Trump said").
var leadWords = setOf(`but and the a an in on at yet so meanwhile however still also then
when after while as if though although because since before later earlier now today
yesterday asked speaking writing for with without from by to of that this these those
there here what why how where who which instead indeed even only just last next some
many most several both all each every one other another such no not our my your his her
their its we they he she it i you us them me him`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
