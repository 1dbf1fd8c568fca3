import Grid from '@material-ui/core/Grid';
import {
  EntityAboutCard,
  EntityHasSubcomponentsCard,
  EntityLayout,
  EntityLinksCard,
  EntitySwitch,
} from '@backstage/plugin-catalog';
import {
  EntityLoadTestingCard,
  EntityLoadTestingContent,
  isLoadTestingAvailable,
} from '@internal/plugin-load-testing';

const overview = (
  <Grid container spacing={3} alignItems="stretch">
    <Grid item md={6} xs={12}>
      <EntityAboutCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityLinksCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityHasSubcomponentsCard variant="gridItem" />
    </Grid>
    <EntitySwitch>
      <EntitySwitch.Case if={isLoadTestingAvailable}>
        <Grid item md={6} xs={12}>
          <EntityLoadTestingCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
  </Grid>
);

/** One layout for every kind: the Load Tests tab shows where the annotation is set. */
export const entityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overview}
    </EntityLayout.Route>
    <EntityLayout.Route
      path="/load-tests"
      title="Load Tests"
      if={isLoadTestingAvailable}
    >
      <EntityLoadTestingContent />
    </EntityLayout.Route>
  </EntityLayout>
);
