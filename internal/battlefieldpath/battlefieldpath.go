// Package battlefieldpath names Battlefield's public pages, a match's
// replay and a league's page, so that the pages that link to them, the
// redirects after a post and the emails agree on one address for each.
// Paths are relative to the API's base URL; an email makes them absolute
// with email.Links.
package battlefieldpath

import "net/url"

// Match is a match's replay page, in language lang when one is given.
func Match(id, lang string) string { return withLang("/battlefield/matches/"+url.PathEscape(id), lang) }

// MatchReplay is a match's replay as JSON, which the replay page plays.
func MatchReplay(id string) string { return "/battlefield/matches/" + url.PathEscape(id) + "/replay" }

// League is a league's page (its fixtures, results and table), in language
// lang when one is given.
func League(id, lang string) string { return withLang("/leagues/"+url.PathEscape(id), lang) }

// LeagueEntries is where a member enters a robot in a league (a post).
func LeagueEntries(id string) string { return "/leagues/" + url.PathEscape(id) + "/entries" }

func withLang(path, lang string) string {
	if lang == "" {
		return path
	}
	return path + "?lang=" + url.QueryEscape(lang)
}
