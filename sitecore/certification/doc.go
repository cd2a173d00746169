// Package certification is the domain of training and certifying the people who run school
// sites: courses with ordered lessons in kk/ru/en, each person's progress, the final exam's
// policy (passing score, attempts, waiting time between attempts), certificate kinds, the
// certificates themselves with their public verification codes, and the capabilities a valid
// certificate grants ("edit templates").
//
// The process that moves a person from enrolment to a certificate, reminds before expiry and
// withdraws the capability at expiry is the Temporal workflow workflows.Certification; this
// package holds its rules as plain functions so they can be read and tested on their own,
// and the Service that validates people's requests before they reach the workflow.
//
// The exam itself is a test of the test engine, on the course's training site. This package
// knows the engine through a narrow interface (ExamEngine; QuizEngine joins sitecore/quiz):
// an attempt is opened (OpenExam: the engine makes it, then the process accepts it with
// StartExam, which enforces the number of attempts and the waiting time) and the process
// watches the attempt's workflow until it is graded. A trainer may also record a result
// taken elsewhere (RecordExam, then ExamGraded).
//
// It imports no infrastructure: stores are interfaces implemented in sitecore/postgres.
package certification
