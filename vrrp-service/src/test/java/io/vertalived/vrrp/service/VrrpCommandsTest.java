package io.vertalived.vrrp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusCodecs;
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
    BusCodecs.register(vertx);
    VrrpCommands commands = new VrrpCommands("n1", Map.of(), List::of, Runnable::run);
    Bus.answer(vertx, Addresses.VRRP_COMMAND, "n1", commands::handle);
    vertx.eventBus().request(Addresses.VRRP_COMMAND.at("n1"), body).onComplete(ctx.failing(e -> ctx.verify(() -> {
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
    expectFailure(vertx, ctx, "handover VI_1", 400, "vertalived.vrrp.command.<node> takes VrrpCommand, not String");
  }

  @Test
  void missingInstance(Vertx vertx, VertxTestContext ctx) {
    expectFailure(vertx, ctx, new JsonObject().put("command", "handover"), 400,
        "VrrpCommand: missing field 'instance'");
  }

  @Test
  void instanceOfTheWrongType(Vertx vertx, VertxTestContext ctx) {
    expectFailure(vertx, ctx, new JsonObject().put("command", "handover").put("instance", List.of(1)), 400,
        "VrrpCommand: field 'instance' has the wrong type (JsonArray)");
  }

  @Test
  void emptyInstance(Vertx vertx, VertxTestContext ctx) {
    expectFailure(vertx, ctx, new JsonObject().put("command", "handover").put("instance", ""), 400,
        "missing field 'instance' (the name of a vrrp_instance)");
  }

  @Test
  void unknownInstance(Vertx vertx, VertxTestContext ctx) {
    expectFailure(vertx, ctx, new JsonObject().put("command", "handover").put("instance", "VI_9"), 404,
        "no VRRP instance 'VI_9' on node n1");
  }
}
