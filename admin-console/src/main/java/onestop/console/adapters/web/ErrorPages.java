package onestop.console.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.NotFoundException;
import onestop.console.application.ConsoleException;
import onestop.console.application.Messages;
import onestop.console.application.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure as a page in Chinese, never a stack trace: the server's refusal by its reason (PERMISSION_DENIED a 403
 * page; UNAUTHENTICATED ends the session and goes to the login page), a CSRF refusal (403), an upload over the limit
 * (413), an unknown page (404), and anything else a 500 page with an incident id that the log line carries.
 */
@Controller
final class ErrorPages {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);
    /** The HTTP layer's limit on a request's body (application.yml: micronaut.server.max-request-size). */
    static final String SIZE_LIMIT = "20 MiB";

    private final Pages pages;
    private final Sessions sessions;
    private final Guard guard;

    ErrorPages(Pages pages, Sessions sessions, Guard guard) {
        this.pages = pages;
        this.sessions = sessions;
        this.guard = guard;
    }

    static HttpStatus statusOf(ConsoleException e) {
        return switch (e.reason()) {
            case Messages.FIELD, "INVALID_ARGUMENT", "INVALID_ID_NUMBER", "INVALID_AMOUNT", "INVALID_DATE", "UNKNOWN_VISIT_TYPE",
                 "UNKNOWN_HOSPITAL_LEVEL", "UNKNOWN_CATEGORY", "UNKNOWN_SCHEME", "UNKNOWN_SPECIAL_DISEASE" -> HttpStatus.BAD_REQUEST;
            case "PERMISSION_DENIED" -> HttpStatus.FORBIDDEN;
            case "UNAUTHENTICATED" -> HttpStatus.UNAUTHORIZED;
            case "UNKNOWN_SETTLEMENT", "PERSON_NOT_FOUND", "HOSPITAL_NOT_FOUND", "POLICY_NOT_FOUND", "NOT_FOUND" -> HttpStatus.NOT_FOUND;
            case "REQUEST_ID_REUSED" -> HttpStatus.CONFLICT;
            case "RESOURCE_EXHAUSTED", "LOGIN_LOCKED" -> HttpStatus.TOO_MANY_REQUESTS;
            case Messages.SERVER_UNREACHABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case "UNIMPLEMENTED" -> HttpStatus.NOT_IMPLEMENTED;
            case Messages.MESSAGE_TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
    }

    @Error(global = true, exception = ConsoleException.class)
    HttpResponse<?> refused(HttpRequest<?> request, ConsoleException e) {
        if (e.reason().equals("UNAUTHENTICATED")) {
            // the server no longer takes this session's token (expired, or the user was changed): the session ends here too
            Guard.sessionId(request).ifPresent(sessions::end);
            request.removeAttribute(Pages.SESSION, Object.class);
            return guard.loggedOut(request);
        }
        LOG.info("{} {} refused: {} {}", request.getMethodName(), request.getPath(), e.reason(), e.getMessage());
        String title = e.reason().equals("PERMISSION_DENIED") ? "无权访问" : "操作未完成";
        return pages.message(request, statusOf(e), title, Messages.of(e, ""));
    }

    @Error(global = true, exception = Csrf.Refused.class)
    HttpResponse<?> forged(HttpRequest<?> request, Csrf.Refused e) {
        LOG.warn("refused {} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
        return pages.message(request, HttpStatus.FORBIDDEN, "请求未通过安全校验",
                "请求未通过安全校验 (页面已过期, 或来自其他网站), 未做任何操作。请重新打开本页后再试。");
    }

    @Error(global = true, exception = ContentLengthExceededException.class)
    HttpResponse<?> tooLarge(HttpRequest<?> request, ContentLengthExceededException e) {
        LOG.info("refused {} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
        // the rest of the body is not read: the connection goes, so the sender does not wait to finish sending it
        return pages.message(request, HttpStatus.REQUEST_ENTITY_TOO_LARGE, "文件过大",
                "上传的文件过大 (最大 " + SIZE_LIMIT + "), 未上传任何内容。请分成几个较小的文件后再上传。")
                .header(io.micronaut.http.HttpHeaders.CONNECTION, "close");
    }

    @Error(global = true, status = HttpStatus.NOT_FOUND)
    HttpResponse<?> notFound(HttpRequest<?> request) {
        return pages.message(request, HttpStatus.NOT_FOUND, "页面不存在", "页面不存在, 请从上方菜单进入。");
    }

    @Error(global = true, exception = NotFoundException.class)
    HttpResponse<?> notFoundException(HttpRequest<?> request) {
        return notFound(request);
    }

    @Error(global = true, exception = Throwable.class)
    HttpResponse<?> failed(HttpRequest<?> request, Throwable e) {
        if (e instanceof io.micronaut.http.exceptions.HttpStatusException s && s.getStatus().getCode() < 500) {
            return pages.message(request, s.getStatus(), "请求有误", "请求有误 (" + s.getStatus().getCode() + "), 未做任何操作。请从上方菜单重新进入。");
        }
        if (e instanceof io.micronaut.web.router.exceptions.UnsatisfiedRouteException
                || e instanceof io.micronaut.core.convert.exceptions.ConversionErrorException) {
            LOG.info("bad request {} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
            return pages.message(request, HttpStatus.BAD_REQUEST, "请求有误", "请求缺少必要内容或格式有误, 未做任何操作。请重新打开本页后再试。");
        }
        String incident = Pages.incident(request.getMethodName() + " " + request.getPath(), e);
        return pages.message(request, HttpStatus.INTERNAL_SERVER_ERROR, "系统内部错误",
                "系统内部错误 (事件编号 " + incident + "), 操作可能未完成, 请核对后再试; 如仍不行, 请联系信息科。");
    }
}
