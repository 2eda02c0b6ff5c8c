package meetups

import "context"

// RegistrationsCSV is every registration of a meetup as one CSV file for a
// spreadsheet (see sheet). Every download of the list, wherever it is
// offered, is this file.
func (s *Service) RegistrationsCSV(ctx context.Context, id string) ([]byte, error) {
	sh := newSheet(s.zone)
	cursor := ""
	for {
		regs, next, err := s.Registrations(ctx, id, cursor, 100)
		if err != nil {
			return nil, err
		}
		for _, reg := range regs {
			sh.add(reg)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	return []byte(sh.String()), nil
}

// RegistrationsType is the media type of RegistrationsCSV's file.
const RegistrationsType = "text/csv; charset=utf-8"

// RegistrationsFile is the name a meetup's registrations are downloaded as.
func RegistrationsFile(id string) string { return "registrations-" + id + ".csv" }
