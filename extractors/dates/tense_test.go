package dates

import (
	"testing"
	"time"
)

func TestTenseClauses(t *testing.T) {
	// 2019-01-16 is a Wednesday.
	// A verb that moves a term points forward, whatever its tense.
	check(t, "The company extended to Feb. 10 its offer for the shares.", wed, want{"Feb. 10", "2019-02-10", "DATE"})
	check(t, "Officials postponed until Monday morning any decision on the permit.", wed,
		want{"Monday morning", "2019-01-21TMO", "TIME"})
	check(t, "The agency extended its deadline until 9 a.m. EST Monday.", wed,
		want{"9 a.m. EST Monday", "2019-01-21T09:00", "TIME"})
	// A plan in the past perfect was overtaken, before or after the
	// telling: the nearest day, whatever the participles further away.
	check(t, "The pact, signed in 2010, had been due to expire on Friday.", wed,
		want{"2010", "2010", "DATE"}, want{"Friday", "2019-01-18", "DATE"})
	mon := time.Date(2019, 1, 21, 9, 0, 0, 0, time.UTC)
	check(t, "The offer was extended again. It had been due to expire Friday.", mon, want{"Friday", "2019-01-18", "DATE"})
	// A word of a schedule inside a noun phrase is no verb: the past of
	// "launched" decides.
	check(t, "The North launched a rocket from its Sohae launch site on Tuesday night, officials said.", wed,
		want{"Tuesday night", "2019-01-15TNI", "TIME"})
	// "the plan" is a noun: the past of "announced" decides.
	check(t, "The bank announced the plan Sept. 4 after months of talks.", wed, want{"Sept. 4", "2018-09-04", "DATE"})
	// A verb governs what follows it: a participle after the date, in a
	// phrase of its own, does not outweigh the modal before it.
	check(t, "The airline will add flights to Lima by August in search of routes untouched by rivals.", wed,
		want{"August", "2019-08", "DATE"})
	// a plan set in the past by an adverb: the nearest day
	check(t, "The offensive began as originally planned Monday night.", wed, want{"Monday night", "2019-01-14TNI", "TIME"})
	// "preferred shares" is no verb in the past: the modal decides.
	check(t, "The bank said it will redeem 9.5 million Series H preferred shares on Jan. 31 at par.", wed,
		want{"Jan. 31", "2019-01-31", "DATE"})
	// A relative clause between commas tells nothing of the main clause.
	check(t, "The sale, which had been rumoured, is meant to cut the debt by September.", wed,
		want{"September", "2019-09", "DATE"})
	// A comma inside a list does not close the relative clause.
	check(t, "He succeeds Ann Lee, who stepped down as chairman, president and chief executive in June.", wed,
		want{"June", "2018-06", "DATE"})
}

func TestFractionsOfUnits(t *testing.T) {
	// Whole units and whole parts of the next smaller one, as TimeBank
	// writes them.
	check(t, "The climb took a minute and a half.", wed, want{"a minute and a half", "PT1M30S", "DURATION"})
	check(t, "He waited a year and a half for the ruling.", wed, want{"a year and a half", "P1Y6M", "DURATION"})
	check(t, "The talks ran for two and a half hours.", wed, want{"two and a half hours", "PT2H30M", "DURATION"})
	check(t, "The plan covers half a year.", wed, want{"half a year", "P6M", "DURATION"})
}

func TestOrdinalSecond(t *testing.T) {
	checkNone(t, wed, "A second round of talks could follow.", "They sent a second Patriot battery.")
	check(t, "It fell a second later, after half a second of silence.", wed,
		want{"a second", "PT1S", "DURATION"}, want{"half a second", "PT0.5S", "DURATION"})
}

func TestDaysFromDays(t *testing.T) {
	check(t, "Trading halted at mid-afternoon yesterday.", wed, want{"mid-afternoon yesterday", "2019-01-15TAF", "TIME"})
	check(t, "They met the day before last Tuesday's hearing.", wed, want{"the day before last Tuesday", "2019-01-14", "DATE"})
	check(t, "He arrived the day after Jan. 3.", wed, want{"the day after Jan. 3", "2019-01-04", "DATE"})
	check(t, "The talks resumed a week or so ago.", wed, want{"a week or so ago", "2019-W02", "DATE"})
	check(t, "They met the day before Christmas.", wed, want{"the day before Christmas", "2018-12-24", "DATE"})
	// without a publication date, the day counted from is unknown
	check(t, "They met the day before Monday's vote.", time.Time{}, want{"the day before Monday", "XXXX-XX-XX", "DATE"})
}

func TestFloatingHolidays(t *testing.T) {
	oct := time.Date(1998, 10, 25, 12, 0, 0, 0, time.UTC)
	check(t, "Violence will be a theme of the campaign from now to Election Day.", oct, want{"Election Day", "1998-11-03", "DATE"})
	check(t, "They met on Labor Day.", oct, want{"Labor Day", "1998-09-07", "DATE"})
	check(t, "They will meet again on Memorial Day.", oct, want{"Memorial Day", "1999-05-31", "DATE"})
	check(t, "The family gathered on Thanksgiving.", oct, want{"Thanksgiving", "1997-11-27", "DATE"})
	check(t, "They met on Labor Day.", time.Time{}, want{"Labor Day", "XXXX-09-XX", "DATE"})
	if got := find("The Labor Party won the election.", oct); len(got) != 0 {
		t.Errorf("found %v in a party's name", got)
	}
}

func TestPreviousWeekdayOfTheStory(t *testing.T) {
	check(t, "Shares closed on Jan. 4 down 3% from the previous Friday.", wed, want{"previous Friday", "2018-12-28", "DATE"})
	// with no day named before, the one before the reference
	check(t, "Shares fell 3% from the previous Friday.", wed, want{"previous Friday", "2019-01-11", "DATE"})
}

func TestCountsOfWorkingDaysAndQuarters(t *testing.T) {
	check(t, "Eight trading days after the plunge it recovered, after several quarters of losses.", wed,
		want{"Eight trading days", "P8D", "DURATION"}, want{"several quarters", "PXQ", "DURATION"})
	if got := find("Unions won three quarters of the vote.", wed); len(got) != 0 {
		t.Errorf("found %v in a fraction", got)
	}
}

func TestWordsOfTimeInNames(t *testing.T) {
	checkNone(t, wed,
		`Baker, speaking on ABC News' "This Week," said the request gave the allies a legal basis for action.`,
		"Gonzalez said on CBS's 60 Minutes that he would come.",
		"The letter was published on the front page of the Communist Party daily Granma and read on state television.",
	)
	// a headline writes every word with a capital
	check(t, "Talks To Resume Next Week In Geneva\n\nThe talks resume next week.", wed,
		want{"Next Week", "2019-W04", "DATE"}, want{"next week", "2019-W04", "DATE"})
}

func TestStoryQuarter(t *testing.T) {
	nov := time.Date(1989, 11, 2, 0, 0, 0, 0, time.UTC)
	// a quarter named in a future clause does not become the story's
	check(t, "Third-quarter net rose 11%. The quake will mean a fourth-quarter charge. Earnings in the latest quarter fell from $6 million a year ago.", nov,
		want{"Third-quarter", "1989-Q3", "DATE"}, want{"fourth-quarter", "1989-Q4", "DATE"},
		want{"the latest quarter", "1989-Q3", "DATE"}, want{"a year ago", "1988-Q3", "DATE"})
	check(t, "Net for the year-earlier nine months included a gain.", nov, want{"the year-earlier nine months", "P9M", "DURATION"})
	check(t, "It earned C$4.7 million for the fiscal-first quarter. It lost C$2.3 million a year ago.", nov,
		want{"the fiscal-first quarter", "1989-Q1", "DATE"}, want{"a year ago", "1988-Q1", "DATE"})
	// the story's quarter a year before, in one expression
	check(t, "Third-quarter net rose. Sales in the same quarter last year were flat, and U.K. sales for last year's quarter fell.", nov,
		want{"Third-quarter", "1989-Q3", "DATE"}, want{"the same quarter last year", "1988-Q3", "DATE"},
		want{"last year's quarter", "1988-Q3", "DATE"})
	check(t, "Third-quarter net rose. It had net of $1.8 million for the corresponding period last year.", nov,
		want{"Third-quarter", "1989-Q3", "DATE"}, want{"the corresponding period last year", "1988-Q3", "DATE"})
	// "last year's third quarter" is the comparison: the story's quarter
	// stays 1989-Q3
	check(t, "Third-quarter net rose from last year's third quarter. It lost $2 million a year ago.", nov,
		want{"Third-quarter", "1989-Q3", "DATE"}, want{"last year's third quarter", "1988-Q3", "DATE"}, want{"a year ago", "1988-Q3", "DATE"})
	// a period after nine months is no quarter
	check(t, "In the first nine months, net rose to $5 million from $4 million in the same period last year.", nov,
		want{"the first nine months", "P9M", "DURATION"}, want{"last year", "1988", "DATE"})
}

func TestPastOfIrregularVerbsAndFailedTries(t *testing.T) {
	// 2019-01-16 is a Wednesday. An irregular past far from the day
	// decides, as a past in -ed does.
	check(t, "A commitment to provide the service could not stop the bullet that tore through his window Friday night.", wed,
		want{"Friday night", "2019-01-11TNI", "TIME"})
	// "could not be reached": a try that failed, in the past.
	check(t, "The minister's office said its spokesman could not be reached for comment Monday.", wed,
		want{"Monday", "2019-01-14", "DATE"})
	// "supposed to", "likely to": what is meant to come.
	check(t, "The talks, which began in the autumn, are supposed to conclude by May.", wed, want{"May", "2019-05", "DATE"})
}

func TestLastOrNextMonthAndDay(t *testing.T) {
	// "last Oct. 23" is the last one before the reference, whatever the
	// tense; "next March 4" the next one.
	check(t, "Slepian was killed last Oct. 23 in his home.", wed, want{"last Oct. 23", "2018-10-23", "DATE"})
	check(t, "The envoys meet again next March 4.", wed, want{"next March 4", "2019-03-04", "DATE"})
	// a number that is no day stays out
	check(t, "Exports rose last March 30 percent.", wed, want{"last March", "2018-03", "DATE"})
}

func TestClockTimeTakesTheDayOfTheStory(t *testing.T) {
	// A bare clock time takes the last day named in its sentence or the
	// two before it, not the day of publication.
	check(t, "Slepian was shot on Oct. 23 at about 10 p.m. in his kitchen.", wed,
		want{"Oct. 23", "2018-10-23", "DATE"}, want{"10 p.m.", "2018-10-23T22:00", "TIME"})
	check(t, "The blast came on Monday. Witnesses said it was heard at 4 in the morning.", wed,
		want{"4 in the morning", "2019-01-14T04:00", "TIME"})
	// With no day named nearby, the day of publication.
	check(t, "The vote was held in 2010. Polls close at 8 p.m.", wed, want{"8 p.m.", "2019-01-16T20:00", "TIME"})
}

func TestRelativeClauseKeepsItsTense(t *testing.T) {
	// The main clause's verb after the closing comma tells nothing of a
	// date inside the relative clause.
	check(t, "The two governments, which cosponsor the talks that are supposed to conclude by May, invited Sinn Fein to rejoin.", wed,
		want{"May", "2019-05", "DATE"})
}

func TestWeekdaysNamedForTheirEvent(t *testing.T) {
	// 2019-01-16 is a Wednesday.
	// "ahead of Thursday's talks": a day to come; in a clause of the
	// past, the nearest such day.
	check(t, "Diplomats gathered in Geneva ahead of Thursday's talks.", wed, want{"Thursday", "2019-01-17", "DATE"})
	sat := time.Date(2019, 1, 19, 9, 0, 0, 0, time.UTC)
	check(t, "Shares rose ahead of Friday's report.", sat, want{"Friday", "2019-01-18", "DATE"})
	// A possessive day takes no tense from a modal further off.
	check(t, "The relatives said they would look for ways to get around Monday's ruling by the agency.", wed,
		want{"Monday", "2019-01-14", "DATE"})
	// but from one next to it
	check(t, "Officials are preparing for Sunday's vote.", wed, want{"Sunday", "2019-01-20", "DATE"})
	// "neither … nor … could": a try that failed, like "could not"
	check(t, "Neither he nor his aides could be located Tuesday in their hometown.", wed, want{"Tuesday", "2019-01-15", "DATE"})
	check(t, "No one else could be reached for comment Tuesday.", wed, want{"Tuesday", "2019-01-15", "DATE"})
	// but not a negation that is the subject of another verb
	check(t, "No one expects that the deal could be signed Friday.", wed, want{"Friday", "2019-01-18", "DATE"})
	check(t, "Nobody thinks the deal could be signed Friday.", wed, want{"Friday", "2019-01-18", "DATE"})
	check(t, "Talks could resume Monday.", wed, want{"Monday", "2019-01-21", "DATE"})
}

func TestPartsOfTheStorysDay(t *testing.T) {
	// 2019-01-16 is a Wednesday. "the morning", "mid afternoon" alone
	// are parts of the day the story is at; "overnight" is the night
	// before it.
	check(t, "Stocks fell on Monday. Dealers placed heavy buy orders in the morning to start the day.", wed,
		want{"Monday", "2019-01-14", "DATE"}, want{"the morning", "2019-01-14TMO", "TIME"})
	check(t, "By mid afternoon, the operation was over.", wed, want{"mid afternoon", "2019-01-16TAF", "TIME"})
	check(t, "Russia attacked Kyiv overnight, officials said.", wed, want{"overnight", "2019-01-15TNI", "TIME"})
	check(t, "London shares fell on Tuesday, depressed by overnight losses in New York.", wed,
		want{"Tuesday", "2019-01-15", "DATE"}, want{"overnight", "2019-01-14TNI", "TIME"})
	// a night of news comes within the week: a day named long before is
	// some other moment of the story
	check(t, "The bombings came on Jan. 2. The sites were struck overnight.", wed,
		want{"Jan. 2", "2019-01-02", "DATE"}, want{"overnight", "2019-01-15TNI", "TIME"})
	// parts of the day that modify a noun, an overnight stay, a morning
	// of some other day
	checkNone(t, wed, "It was an overnight success.", "The morning session was calm.",
		"The morning's trading was calm.", "He reads the evening news in the evening of life.")
}

func TestWeekOfAMonth(t *testing.T) {
	// The ISO week that holds most of the seven days: March 1-7, 2019
	// run Friday to Thursday, four of them in W10.
	check(t, "The talks resume in the first week of March.", wed, want{"the first week of March", "2019-W10", "DATE"})
	check(t, "The last week of February will be busy.", wed, want{"The last week of February", "2019-W09", "DATE"})
	check(t, "It happened in the second week of December 2018.", wed, want{"the second week of December 2018", "2018-W50", "DATE"})
}

func TestWinterTakesTheYearItBegins(t *testing.T) {
	// 2018-WI runs from December 2018 to February 2019 (as the stores'
	// date ranges read it): in January 2019 the current winter is 2018's.
	check(t, "The treaty expires this winter.", wed, want{"this winter", "2018-WI", "DATE"})
	check(t, "It was signed last winter.", wed, want{"last winter", "2017-WI", "DATE"})
	check(t, "Talks resume next winter and next spring.", wed,
		want{"next winter", "2019-WI", "DATE"}, want{"next spring", "2019-SP", "DATE"})
	jul := time.Date(2019, 7, 10, 9, 0, 0, 0, time.UTC)
	check(t, "It was signed last winter.", jul, want{"last winter", "2018-WI", "DATE"})
	check(t, "The talks will resume in the spring.", jul, want{"the spring", "2020-SP", "DATE"})
	dec := time.Date(2018, 12, 10, 9, 0, 0, 0, time.UTC)
	check(t, "They meet next spring; this winter is the deadline.", dec,
		want{"next spring", "2019-SP", "DATE"}, want{"this winter", "2018-WI", "DATE"})
}

func TestTheYearOfAPart(t *testing.T) {
	nov := time.Date(1989, 11, 2, 0, 0, 0, 0, time.UTC)
	// "of the year" after a part of it is the reference year; the event
	// of the year is no date
	check(t, "Revenue fell through the first nine months of the year.", nov,
		want{"the first nine months", "P9M", "DURATION"}, want{"the year", "1989", "DATE"})
	checkNone(t, nov, "It was the event of the year.")
	// the latest (fiscal) year is the last one whole
	check(t, "Sales were C$7.38 billion in the latest fiscal year.", nov, want{"the latest fiscal year", "1988", "DATE"})
}

func TestStretchesOfUnknownLength(t *testing.T) {
	check(t, "They will have to live without power for a while.", wed, want{"a while", "PXX", "DURATION"})
	check(t, "Forces could be in the region for some time.", wed, want{"some time", "PXX", "DURATION"})
	checkNone(t, wed, "Wait a while.", "It takes some time to learn.")
}

func TestYearEndToldAsPast(t *testing.T) {
	oct := time.Date(1989, 10, 30, 0, 0, 0, 0, time.UTC)
	// before December, a year-end told as past is last year's
	check(t, "The percentage change is since year-end.", oct, want{"year-end", "1988", "DATE"})
	check(t, "Debt stood at $5 billion at year-end.", oct, want{"year-end", "1988", "DATE"})
	check(t, "The deal should close by year-end.", oct, want{"year-end", "1989", "DATE"})
}

func TestEaster(t *testing.T) {
	// Western Easter 2000 was April 23, Orthodox Easter April 30; 2019:
	// April 21 and April 28; 2024: March 31 and May 5.
	apr := time.Date(2000, 4, 17, 12, 0, 0, 0, time.UTC) // the Monday of Holy Week
	check(t, "Protesters prayed as Easter week began.", apr, want{"Easter week", "2000-W16", "DATE"})
	check(t, "They will meet on Easter Sunday and Orthodox Easter.", apr,
		want{"Easter Sunday", "2000-04-23", "DATE"}, want{"Orthodox Easter", "2000-04-30", "DATE"})
	check(t, "Russia celebrates Orthodox Easter; Good Friday is a holiday.", wed,
		want{"Orthodox Easter", "2019-04-28", "DATE"}, want{"Good Friday", "2019-04-19", "DATE"})
	check(t, "The ceasefire held over Easter 2024.", wed, want{"Easter 2024", "2024-03-31", "DATE"})
	check(t, "The truce was declared for Orthodox Easter 2024.", wed, want{"Orthodox Easter 2024", "2024-05-05", "DATE"})
	check(t, "The offensive began at Christmas 2022.", wed, want{"Christmas 2022", "2022-12-25", "DATE"})
	// With no publication time, the month of a holiday is known only if
	// it never changes: Easter falls in March or April, Orthodox Easter in
	// April or May; Holy Week is a week.
	var unknown time.Time
	check(t, "They met at Easter, on Orthodox Easter, on Good Friday and on Labor Day.", unknown,
		want{"Easter", "XXXX-XX-XX", "DATE"}, want{"Orthodox Easter", "XXXX-XX-XX", "DATE"},
		want{"Good Friday", "XXXX-XX-XX", "DATE"}, want{"Labor Day", "XXXX-09-XX", "DATE"})
	check(t, "They met in Holy Week.", unknown, want{"Holy Week", "XXXX-WXX", "DATE"})
	check(t, "They met at Easter 2024.", unknown, want{"Easter 2024", "2024-03-31", "DATE"})
}

func TestTheFutureOfSomething(t *testing.T) {
	// "the future of the treaty" is its fate, no time
	checkNone(t, wed, "They held talks on the future of the treaty.")
	check(t, "We look to the future.", wed, want{"the future", "FUTURE_REF", "DATE"})
}

func TestMoreVerbsOfASchedule(t *testing.T) {
	// 2019-01-16 is a Wednesday: a verb of a schedule in the present next
	// to the day points forward; a noun of the same form does not.
	check(t, "The minister flies to Paris Monday.", wed, want{"Monday", "2019-01-21", "DATE"})
	check(t, "The court hears the case Friday.", wed, want{"Friday", "2019-01-18", "DATE"})
	check(t, "In a televised address Friday, the president spoke of the war.", wed, want{"Friday", "2019-01-11", "DATE"})
}

func TestModifierIsNoDistance(t *testing.T) {
	// "late" belongs to the expression: "took" is as near as in "took
	// effect in December", so it sends December back ten months.
	oct := time.Date(2026, 10, 22, 0, 0, 0, 0, time.UTC)
	check(t, "The withdrawals of the three Baltic states took effect in late December.", oct, want{"late December", "2025-12", "DATE"})
	check(t, "The withdrawals took effect in December.", oct, want{"December", "2025-12", "DATE"})
}

func TestPartOfANamedDay(t *testing.T) {
	nov := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	check(t, "France said in a joint statement on the evening of November 22 that leaving would be a mistake.", nov,
		want{"the evening of November 22", "2026-11-22TEV", "TIME"})
	check(t, "He was shot on the night of Oct. 23.", nov, want{"the night of Oct. 23", "2026-10-23TNI", "TIME"})
	checkNone(t, nov, "It was the night of the election.")
}
