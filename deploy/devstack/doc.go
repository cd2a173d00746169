// Package devstack starts the parts the platform needs on a developer's machine and in tests:
// a PostgreSQL cluster under ./var when none answers, the Temporal CLI dev server, the
// embedded FerretDB program, and an SMTP sink that keeps every message as an .eml file.
//
// Production never uses this package; it is wired only into `mektep dev` and the tests.
package devstack
