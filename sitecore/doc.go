// Package sitecore is the domain of Mektep: the types every other package talks about
// (sites, languages, content, mail), the interfaces of the services that store them, and the
// one error type with its codes.
//
// It imports no infrastructure. Adapters live in subpackages named after their dependency
// (postgres, mongo, smtp, render), so the domain can be read and tested on its own. The
// services live in subpackages named after their feature (accounts, admissions, cms,
// helpdesk, media, stats), and the root files of a feature carry its name as a prefix
// (accounts_access.go, admissions_mail.go, ...). Every user-facing text, in kk, ru and en,
// is in package locale; Message and the email builders here read it.
package sitecore
