// Package sitecore is the domain of Mektep: the types every other package talks about
// (sites, languages, content, mail), the interfaces of the services that store them, and the
// one error type with its codes.
//
// It imports no infrastructure. Adapters live in subpackages named after their dependency
// (postgres, mongo, smtp, render), so the domain can be read and tested on its own.
package sitecore
