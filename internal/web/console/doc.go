// Package console owns the HTML of the organizers' console: the frame
// every console page shares (the group's name, the navigation, the
// language switch and sign-out, each a form carrying the session's form
// token), and the typed templ components of each page, in English and
// Persian. The handlers in package consoleapi fill them with what the
// domain services answer; nothing here reads storage or decides a rule.
//
// As in package web, templ escapes every value for where it sits, and
// console pages are answered through httpapi.HTML with the console's
// stricter headers. A form that changes anything posts the session's form
// token as "form_token"; FormTokenField writes it.
package console

//go:generate go tool templ generate -path .
