package onestop.engine.domain.eligibility;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import onestop.engine.domain.CategoryHolding;
import onestop.engine.domain.Document;

/**
 * @param personCounty   6-digit administrative code of the person's insured county
 * @param hospitalCounty 6-digit administrative code of the hospital's county
 * @param referral       转诊 / 异地备案 filed
 */
public record EligibilityQuery(
        String personCounty,
        boolean insured,
        List<CategoryHolding> categories,
        String hospitalCounty,
        boolean designated,
        LocalDate date,
        Document document,
        boolean referral,
        boolean agreementSigned) {
    public EligibilityQuery {
        Objects.requireNonNull(personCounty, "personCounty");
        Objects.requireNonNull(hospitalCounty, "hospitalCounty");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(document, "document");
        categories = List.copyOf(categories);
    }
}
