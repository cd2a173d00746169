// Package olympiad is the domain of olympiads held in rounds: who organises one (a school, a
// district, a region or the platform), its subjects, grades and rounds (school → district →
// region → republic), each round's schedule, its tasks (a test of the quiz engine or a task
// set graded on paper by the jury), the ranking of its results with ties, the rule that
// qualifies participants for the next round, appeals, and the diplomas with their
// verification codes.
//
// Everything here is pure: ranking, qualification and awards are functions of their inputs
// and are table-tested. sitecore/postgres stores olympiads (every query scoped by the
// organiser's site), workflows/olympiad.go drives the rounds on durable timers and
// activities/olympiad.go does the I/O of each step. See docs/tests-and-olympiads.md.
package olympiad
