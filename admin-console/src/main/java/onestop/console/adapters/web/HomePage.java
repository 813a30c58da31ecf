package onestop.console.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onestop.console.application.OfficeServer;
import onestop.console.application.Session;
import onestop.v1.AgentStatus;
import onestop.v1.Dashboard;
import onestop.v1.DailyFigures;
import onestop.v1.DashboardRequest;

/**
 * 首页: today's and this month's settlements with every fund's total, 30 days of daily volume and fund split as a chart
 * (Chart.js, its figures in the canvas's data attribute), the quarter's open alerts, counters online and their last sync.
 * One GetDashboard call: the server makes each figure with one query.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class HomePage {
    private final Pages pages;
    private final OfficeServer server;

    HomePage(Pages pages, OfficeServer server) {
        this.pages = pages;
        this.server = server;
    }

    @Get(uri = "/", produces = MediaType.TEXT_HTML)
    HttpResponse<?> home(HttpRequest<?> request) {
        Session s = Pages.session(request);
        Dashboard d = server.dashboard(s.token(), DashboardRequest.newBuilder().setDate(pages.today().toString()).build());
        Map<String, Object> m = pages.model(request, "/");
        m.put("date", d.getDate());
        m.put("todayFigures", Views.figures(d.getToday()));
        m.put("monthFigures", Views.figures(d.getMonth()));
        m.put("openAlerts", d.getOpenAlertsQuarter());
        m.put("agentsOnline", d.getAgentsOnline());
        m.put("agentsKnown", d.getAgentsKnown());
        m.put("offlineDiffering", d.getOfflineDiffering30Days());
        List<Map<String, Object>> agents = new ArrayList<>();
        for (AgentStatus a : d.getAgentsList()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("hospital_code", a.getHospitalCode());
            row.put("counter", a.getReport().getCounterName().isEmpty() ? a.getReport().getAgentId() : a.getReport().getCounterName());
            row.put("online", a.getOnline());
            row.put("last_sync", a.getReport().getLastSyncMillis() == 0 ? "从未同步" : Views.time(a.getReport().getLastSyncMillis()));
            row.put("reported_at", Views.time(a.getReportedAtMillis()));
            row.put("pending", a.getReport().getPending());
            row.put("rejected", a.getReport().getJournalRejected());
            agents.add(row);
        }
        m.put("agents", agents);
        m.put("chart", chartJson(d.getLast30DaysList()));
        m.put("days", d.getLast30DaysList().stream().map(x -> Map.of("date", x.getDate(), "f", Views.figures(x.getFigures()))).toList());
        return pages.ok("home", m);
    }

    /** The chart's figures: dates, counts, and each fund's fen per day (whole numbers; the page shows yuan). */
    static String chartJson(List<DailyFigures> days) {
        StringBuilder dates = new StringBuilder();
        StringBuilder counts = new StringBuilder();
        StringBuilder basic = new StringBuilder();
        StringBuilder ci = new StringBuilder();
        StringBuilder supp = new StringBuilder();
        StringBuilder assistance = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            String sep = i == 0 ? "" : ",";
            var f = days.get(i).getFigures();
            dates.append(sep).append('"').append(days.get(i).getDate().replaceAll("[^0-9-]", "")).append('"');
            counts.append(sep).append(f.getSettledCount());
            basic.append(sep).append(f.getBasicFen());
            ci.append(sep).append(f.getCriticalIllnessFen());
            supp.append(sep).append(f.getSupplementaryFen());
            assistance.append(sep).append(f.getAssistanceFen());
        }
        return "{\"dates\":[" + dates + "],\"counts\":[" + counts + "],\"basic\":[" + basic + "],\"critical_illness\":[" + ci
                + "],\"supplementary\":[" + supp + "],\"assistance\":[" + assistance + "]}";
    }
}
