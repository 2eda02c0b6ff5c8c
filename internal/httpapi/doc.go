// Package httpapi is the HTTP layer of every Lambda function behind the API
// Gateway HTTP API. It reads payload-format-2.0 events (JSON and HTML form
// bodies alike), routes them to handlers, and writes the answers: JSON,
// RFC 9457 problems, 303 redirects after form posts, and HTML pages — the
// components of package web, each answered by HTML with the headers every
// page carries. The routes of the members' forms (internal/memberforms)
// are served through Config.MemberForm, which answers a browser's refused
// post with the form again. Domain packages never see an API Gateway event.
//
// The handlers live in one subpackage per function of template.yaml:
// membersapi (MembersFunction), meetupsapi (MeetupsFunction), talksapi
// (TalksFunction), mentorshipapi (MentorshipFunction), authapi (AuthFunction)
// and pagesapi (PagesFunction). Each turns requests into calls on the domain
// services and registers its routes, exactly as template.yaml names them.
package httpapi
