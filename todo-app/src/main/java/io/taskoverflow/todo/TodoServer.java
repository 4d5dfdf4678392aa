package io.taskoverflow.todo;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskoverflow.todo.config.FailFastDataSource;
import io.taskoverflow.todo.health.HealthHandler;
import io.taskoverflow.todo.health.Readiness;
import io.taskoverflow.todo.http.ErrorResponses;
import io.taskoverflow.todo.http.Json;
import io.taskoverflow.todo.http.JsonBody;
import io.taskoverflow.todo.http.JsonErrorHandler;
import io.taskoverflow.todo.metrics.HttpRequestMetrics;
import io.taskoverflow.todo.todos.TodoHandler;
import io.taskoverflow.todo.todos.TodoRepository;

/**
 * Builds the unstarted HTTP server: the one route tree, JSON, errors and the web page, with threads
 * sized by the connection pool; its requests and readiness are recorded in {@code metrics}, which
 * another port serves.
 */
public final class TodoServer {

  /** Far above any valid todo, far below anything that could hurt the server. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private TodoServer() {}

  public static Javalin create(HikariDataSource dataSource, MeterRegistry metrics) {
    ObjectMapper mapper = Json.mapper();
    TodoHandler todos =
        new TodoHandler(
            new TodoRepository(new FailFastDataSource(dataSource)),
            new JsonBody(mapper, MAX_BODY_BYTES));
    Readiness readiness = new Readiness(dataSource);
    readiness.bindTo(metrics);
    HealthHandler health = new HealthHandler(readiness);
    HttpRequestMetrics requests = new HttpRequestMetrics(metrics);

    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jetty.threadPool = RequestThreads.forPool(dataSource.getMaximumPoolSize());
              config.jsonMapper(new JavalinJackson(mapper, false));
              config.http.maxRequestSize = MAX_BODY_BYTES;
              config.http.prefer405over404 = true;
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              config.staticFiles.add("/public", Location.CLASSPATH);
              config.requestLogger.http(requests);
              config.router.apiBuilder(
                  () ->
                      path(
                          "api/v1",
                          () -> {
                            get("health", health::health);
                            get("ready", health::ready);
                            path(
                                "todos",
                                () -> {
                                  get(todos::list);
                                  post(todos::create);
                                  path(
                                      "{id}",
                                      () -> {
                                        get(todos::get);
                                        put(todos::update);
                                        delete(todos::delete);
                                      });
                                });
                          }));
            });
    ErrorResponses.register(app);
    return app;
  }
}
