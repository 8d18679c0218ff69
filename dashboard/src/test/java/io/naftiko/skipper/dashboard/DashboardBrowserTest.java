package io.naftiko.skipper.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.dashboard.cluster.InformerFleetView;
import io.naftiko.skipper.dashboard.prometheus.PrometheusRed;
import io.naftiko.skipper.dashboard.server.DashboardServer;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven through its chromedriver, against the dashboard
 * served over the in-memory API with the fixture's fleet, an embedded audit store and a stub Prometheus. A screenshot of
 * every page lands in {@code target/screenshots/} for a person to look at. {@code .ci/run} installs chromium and
 * chromium-driver and sets {@code SKIPPER_REQUIRE_CHROMIUM}, so in CI a missing browser fails; elsewhere the tests say
 * they were skipped.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    @TempDir
    static Path directory;
    private static InMemoryApiServer api;
    private static KubernetesClient client;
    private static InformerFleetView fleet;
    private static AuditStore audit;
    private static Javalin prometheus;
    private static DashboardServer dashboard;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("SKIPPER_REQUIRE_CHROMIUM") != null) {
            assertThat(present).as("chromium and chromedriver in /usr/bin (apt-get install chromium chromium-driver)").isTrue();
        }
        Assumptions.assumeTrue(present, "chromium or chromedriver is not installed (apt-get install chromium chromium-driver); "
                + "the dashboard was not tested in a browser");
        api = InMemoryApiServer.start(SystemClock.utc());
        client = api.client();
        DashboardFixture.seed(client);
        fleet = new InformerFleetView(client);
        audit = DashboardFixture.audit(directory);
        prometheus = DashboardFixture.prometheus();
        Clock clock = Clock.fixed(DashboardFixture.NOW, ZoneOffset.UTC);
        dashboard = DashboardServer.start(fleet, new DashboardServer.Sources(
                Optional.of(new PrometheusRed(URI.create("http://127.0.0.1:" + DashboardFixture.port(prometheus)), clock)),
                Optional.of(audit), Optional.of(DashboardFixture::admissions)), clock, 0);
        base = "http://127.0.0.1:" + dashboard.port();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-extensions", "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + directory.resolve("chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(),
                options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {dashboard, fleet, client, api}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Closing what the tests opened; a failure here says nothing about the dashboard.
            }
        }
        if (prometheus != null) {
            prometheus.stop();
        }
        if (audit != null) {
            audit.close();
        }
    }

    private static void open(String path, String screenshot) throws Exception {
        browser.get(base + path);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(screenshot + ".png"), png);
        accessibleBasics();
    }

    /** Every page: a title, one h1, a language, labelled controls, statuses that say their word, pictures with a text. */
    private static void accessibleBasics() {
        assertThat(browser.getTitle()).endsWith("· Skipper").hasSizeGreaterThan(" · Skipper".length());
        assertThat(browser.findElements(By.tagName("h1"))).hasSize(1);
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        for (WebElement control : browser.findElements(By.cssSelector("input, select"))) {
            String id = control.getDomAttribute("id");
            assertThat(id).as("a form control without an id").isNotBlank();
            assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']"))).as("label for " + id).hasSize(1);
        }
        for (WebElement badge : browser.findElements(By.cssSelector(".badge"))) {
            assertThat(badge.getText()).as("a status shown by colour alone").isNotBlank();
        }
        for (WebElement picture : browser.findElements(By.cssSelector("svg[role=img]"))) {
            assertThat(picture.findElements(By.tagName("title"))).as("a picture without a text").hasSize(1);
        }
        for (WebElement table : browser.findElements(By.tagName("table"))) {
            assertThat(table.findElements(By.tagName("caption"))).as("a table without a caption").hasSize(1);
        }
    }

    /** Clicks what leads to another page and waits (up to a minute) until that page replaced this one. */
    private static void navigate(WebElement link) {
        WebElement before = browser.findElement(By.tagName("html"));
        link.click();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.stalenessOf(before));
    }

    private static WebElement row(String text) {
        return browser.findElements(By.cssSelector("table tbody tr")).stream().filter(r -> r.getText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + text + " in " + browser.getCurrentUrl()));
    }

    @Test
    void theOverviewListsEveryCapabilityWithItsPhaseAndWhatFails() throws Exception {
        open("/", "overview");

        assertThat(browser.getTitle()).isEqualTo("Fleet overview · Skipper");
        assertThat(row("shipyard/harbour").getText()).contains("prod", "premium", "Running", "canary Paused 2/4");
        assertThat(row("shipyard-staging/harbour").getText()).contains("staging", "Running");
        assertThat(row("dev/mock").getText()).contains("dev", "Pending");
        WebElement degraded = row("shipyard/ledger");
        assertThat(degraded.getText()).contains("Degraded", "SecretsSynced", "MissingInputs", "missing: Secret ledger-bind-shared");
        assertThat(degraded.findElement(By.cssSelector(".badge.bad")).getText()).isEqualTo("Degraded");
    }

    @Test
    void theOverviewFiltersByPhaseAndEnvironment() throws Exception {
        open("/", "overview-unfiltered");
        new Select(browser.findElement(By.id("phase"))).selectByVisibleText("Degraded");
        navigate(browser.findElement(By.cssSelector("form[role=search] button")));

        assertThat(browser.getCurrentUrl()).contains("phase=Degraded");
        List<WebElement> rows = browser.findElements(By.cssSelector("section[aria-labelledby=list] tbody tr"));
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.getText()).contains("shipyard/ledger"));

        open("/?environment=staging", "overview-staging");
        assertThat(browser.findElements(By.cssSelector("section[aria-labelledby=list] tbody tr"))).singleElement()
                .satisfies(r -> assertThat(r.getText()).contains("shipyard-staging/harbour"));
    }

    @Test
    void aCapabilityShowsRedFiguresPerOperationItsChildrenEnvironmentsAndTools() throws Exception {
        open("/", "overview-to-capability");
        navigate(browser.findElement(By.linkText("shipyard/harbour")));
        open("/capabilities/shipyard/harbour", "capability");

        assertThat(browser.getTitle()).isEqualTo("Capability shipyard/harbour · Skipper");
        WebElement operation = row("get-ship");
        assertThat(operation.getText()).contains("mcp", "12.50", "2.00%", "45 ms", "180 ms");
        assertThat(operation.findElements(By.cssSelector("svg[role=img] polyline"))).hasSize(2);
        assertThat(row("Deployment").getText()).contains("harbour", "2 available");
        assertThat(row("staging").getText()).contains("shipyard-staging", "8", "Running");
        assertThat(row("prod").getText()).contains("shipyard", "7");
        assertThat(row("list-berths").getText()).contains("The berths free today");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("canary Paused");
    }

    @Test
    void theAuditPageFiltersDenies() throws Exception {
        open("/audit", "audit-recent-denies");
        assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSize(2).allSatisfy(r -> assertThat(r.getText()).contains("deny"));
        new Select(browser.findElement(By.id("result"))).selectByVisibleText("any");
        navigate(browser.findElement(By.cssSelector("form[role=search] button")));
        assertThat(browser.findElements(By.cssSelector("tbody tr"))).as("every result").hasSize(4);

        new Select(browser.findElement(By.id("result"))).selectByVisibleText("deny");
        browser.findElement(By.id("capability")).sendKeys("shipyard/harbour");
        navigate(browser.findElement(By.cssSelector("form[role=search] button")));
        open(URI.create(browser.getCurrentUrl()).getRawPath() + "?" + URI.create(browser.getCurrentUrl()).getRawQuery(), "audit-denies");

        List<WebElement> rows = browser.findElements(By.cssSelector("tbody tr"));
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.getText()).contains("deny", "naftiko/fleet/tools", "shipyard/harbour"));
        assertThat(new Select(browser.findElement(By.id("result"))).getFirstSelectedOption().getText()).isEqualTo("deny");
    }

    @Test
    void theWardensAndAdmissionPagesSayWhatTheyKnow() throws Exception {
        open("/wardens", "wardens");
        assertThat(row("shipyard/fleet-warden").getText()).contains("1", "fleet-policy", "sha256:4be1", "2027-02-01T00:00:00Z", "in 56 days");

        open("/admission", "admission");
        assertThat(row("shipyard/oversized").getText()).contains("validate", "denied", "maxReplicas: 5 exceeds the maximum in dev of 2");
        assertThat(row("shipyard/harbour").getText()).contains("mutate", "admitted");
    }

    @Test
    void everyPageHasItsOwnTitle() throws Exception {
        Set<String> titles = new HashSet<>();
        for (String path : List.of("/", "/capabilities/shipyard/harbour", "/wardens", "/audit", "/admission")) {
            open(path, "title-" + (path.equals("/") ? "overview" : path.substring(1).replace('/', '-')));
            titles.add(browser.getTitle());
        }
        assertThat(titles).hasSize(5);
    }
}
