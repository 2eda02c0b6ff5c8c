package consoleapi

import (
	"context"
	"net/http"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/web/console"
)

// dashboardRoutes serve the console's home.
func (h *handler) dashboardRoutes() httpapi.Routes {
	return httpapi.Routes{"GET /console": h.Page(h.dashboard)}
}

// dashboard is the console's home: what needs action first.
func (h *handler) dashboard(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	a, err := h.Agenda.Build(ctx, h.Now())
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, "", console.Dashboard)
	f.Title = f.W().Dashboard
	return h.Render(http.StatusOK, console.DashboardPage(f, a)), nil
}
