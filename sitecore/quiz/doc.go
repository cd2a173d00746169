// Package quiz is the domain of online tests and olympiads: the question bank, the question
// types and how each is graded, tests (which questions, how long, who may take them, what the
// student sees afterwards), attempts and the answers saved during them.
//
// Everything here is pure code: grading, the deadline of an attempt, the questions an attempt
// draws from the bank and the order of their options are functions of their inputs (the
// random ones of a seed stored with the attempt), so they can be table-tested and replayed.
// The package imports no infrastructure; sitecore/postgres stores it and workflows/attempt.go
// drives an attempt's clock.
//
// Correct answers live only in Question. What a student's browser gets is a View (see
// StudentView), which has no field that could carry a key.
package quiz
