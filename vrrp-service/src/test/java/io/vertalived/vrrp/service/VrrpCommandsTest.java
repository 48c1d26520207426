package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertalived.core.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad command requests get a status code and a message naming what is wrong. */
@ExtendWith(VertxExtension.class)
class VrrpCommandsTest {

  private static void expectFailure(Vertx vertx, VertxTestContext ctx, Object body, int code, String message) {
    VrrpCommands commands = new VrrpCommands("n1", Map.of(), Map.of(), Runnable::run);
    vertx.eventBus().<Object>consumer(Addresses.vrrpCommand("n1"), commands::handle);
    vertx.eventBus().request(Addresses.vrrpCommand("n1"), body).onComplete(ctx.failing(e -> ctx.verify(() -> {
      ReplyException r = (ReplyException) e;
      assertEquals(code, r.failureCode());
      assertEquals(message, r.getMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void unknownCommand(Vertx vertx, VertxTestContext ctx) {
    expectFailure(vertx, ctx, new JsonObject().put("command", "reboot").put("instance", "VI_1"), 400,
        "field 'command' must be 'handover' or 'resume-preempt'");
  }

  @Test
  void aBodyThatIsNotAnObject(Vertx vertx, VertxTestContext ctx) {
    expectFailure(vertx, ctx, "handover VI_1", 400, "field 'command' must be 'handover' or 'resume-preempt'");
  }

  @Test
  void missingInstance(Vertx vertx, VertxTestContext ctx) {
    expectFailure(vertx, ctx, new JsonObject().put("command", "handover"), 400,
        "missing field 'instance' (the name of a vrrp_instance)");
  }

  @Test
  void instanceOfTheWrongType(Vertx vertx, VertxTestContext ctx) {
    expectFailure(vertx, ctx, new JsonObject().put("command", "handover").put("instance", List.of(1)), 400,
        "missing field 'instance' (the name of a vrrp_instance)");
  }

  @Test
  void unknownInstance(Vertx vertx, VertxTestContext ctx) {
    expectFailure(vertx, ctx, new JsonObject().put("command", "handover").put("instance", "VI_9"), 404,
        "no VRRP instance 'VI_9' on node n1");
  }
}
