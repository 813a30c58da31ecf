package onestop.agent.application;

import java.util.Objects;
import onestop.agent.cards.CardError;
import onestop.agent.cards.CardException;
import onestop.agent.cards.CardRead;
import onestop.agent.cards.VoucherResolver;
import onestop.agent.domain.AgentException;
import onestop.engine.domain.Document;
import onestop.engine.domain.IdNumber;
import onestop.v1.VoucherHolder;

/**
 * 医保电子凭证 codes resolved by the central server, which signed them ({@code PersonService.ResolveVoucherCode}). The
 * server's VOUCHER_INVALID and VOUCHER_EXPIRED become the card errors of the same names; anything else it answers
 * (SERVER_UNREACHABLE, PERSON_NOT_FOUND, …) goes on as the agent's rejection, unchanged.
 */
public final class ServerVoucherResolver implements VoucherResolver {
    public static final String SOURCE = "voucher";

    private final CentralServer server;

    public ServerVoucherResolver(CentralServer server) {
        this.server = Objects.requireNonNull(server);
    }

    @Override
    public CardRead resolve(String code) throws CardException {
        VoucherHolder holder;
        try {
            holder = server.resolveVoucher(code);
        } catch (AgentException e) {
            for (CardError voucher : new CardError[] {CardError.VOUCHER_INVALID, CardError.VOUCHER_EXPIRED}) {
                if (voucher.resultCode() == e.code()) throw new CardException(voucher, e.getMessage());
            }
            throw e;
        }
        // the server's own data, but the agent hands it on as checked as any card's
        String id = IdNumber.canonical(holder.getIdNumber()).orElseThrow(() -> new CardException(CardError.READ_FAILED,
                "the server resolved the code to an ID number that fails GB 11643: " + IdNumber.mask(holder.getIdNumber())));
        return new CardRead(Document.E_VOUCHER, id, holder.getName().strip(), SOURCE);
    }
}
